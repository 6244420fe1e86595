import "server-only";
import { createHash } from "node:crypto";
import { BlobRejected } from "./blob-store";

/**
 * Passes `body` through, counting and hashing. Fails with BlobRejected as
 * soon as more than `size` bytes arrive, and at the end when fewer did or
 * the SHA-256 differs. The last chunk is held back until that final check
 * passes, so a consumer that commits on reaching `size` bytes (an S3 PUT
 * with its Content-Length) never receives a complete wrong body.
 */
export function verifyingStream(
  body: ReadableStream<Uint8Array>,
  size: number,
  sha256: Uint8Array,
  /** Given: a hash mismatch is reported here and the bytes still pass (a reader that authenticates them itself says more than a broken stream). */
  onHashMismatch?: () => void,
): ReadableStream<Uint8Array> {
  const hash = createHash("sha256");
  let seen = 0;
  let held: Uint8Array | undefined;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > size) throw new BlobRejected("too_long");
        hash.update(chunk);
        if (held) controller.enqueue(held);
        held = chunk;
      },
      flush(controller) {
        if (seen !== size) throw new BlobRejected("too_short");
        if (!Buffer.from(hash.digest()).equals(Buffer.from(sha256))) {
          if (!onHashMismatch) throw new BlobRejected("hash");
          onHashMismatch();
        }
        if (held) controller.enqueue(held);
      },
    }),
  );
}

/** Calls `take` with each chunk in order, waiting for it; the stream's error rejects. */
export async function eachChunk(stream: ReadableStream<Uint8Array>, take: (chunk: Uint8Array) => unknown): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      await take(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** The whole stream in one buffer of at most `max` bytes. */
export async function collect(stream: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const out = new Uint8Array(max);
  let at = 0;
  await eachChunk(stream, (chunk) => {
    if (at + chunk.byteLength > max) throw new BlobRejected("too_long");
    out.set(chunk, at);
    at += chunk.byteLength;
  });
  return out.subarray(0, at);
}
