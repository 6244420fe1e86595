import "client-only";
import { nativeSha256Base64url } from "@/lib/crypto/sha256";
import { SEGMENT_BYTES, segmentCount } from "./schema";

// A resume never splices two files (DESIGN.md §7). A file is encrypted in
// 4 MiB segments, each under a fresh header (lib/crypto/file-stream.ts), so
// re-encrypting never reuses a keystream; but a resume must still send
// segments of the SAME file, or the finished item would mix two files. So
// before the first part is sent, the browser hashes the plaintext in the
// same segments and seals the list in the evidence metadata (version 1,
// which the server cannot alter); every encryption pass — the first and
// every resume — hashes each segment again before encrypting a byte of it
// and stops with "evidence.fileChanged" at the first difference, whatever
// the server claims to hold. The segment is the file stream's (one constant,
// schema.ts's mirror of file-stream.ts, pinned by schema.test.ts): one
// digest per upload part.

export { SEGMENT_BYTES, segmentCount };

/** A file read shorter or longer than its size while it was being read. */
export class FileSizeChanged extends Error {
  constructor() {
    super("file size changed while reading");
  }
}

/**
 * The file's segments in order, read as ONE stream: Chromium serves a
 * `file.stream()` about twice as fast (and with less CPU) as one
 * `slice().arrayBuffer()` per segment, each a round trip to the browser
 * process (`npm run bench:upload` measures the pass). Read straight into
 * each segment's buffer where the stream allows it (a byte stream: Chromium,
 * Firefox, Node), else copied from the chunks. Each segment is a fresh
 * buffer the caller owns (and wipes). Throws FileSizeChanged when the bytes
 * read do not add up to `file.size`; a read error passes through.
 */
export async function* fileSegments(file: Blob): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const sizes = Array.from({ length: segmentCount(file.size) }, (_, index) => Math.min(SEGMENT_BYTES, file.size - index * SEGMENT_BYTES));
  const stream = file.stream();
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = stream.getReader({ mode: "byob" });
  } catch {
    byob = undefined; // not a byte stream
  }
  if (byob) yield* byobSegments(byob, sizes);
  else yield* copiedSegments(stream.getReader(), sizes);
}

async function* byobSegments(reader: ReadableStreamBYOBReader, sizes: number[]): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  try {
    for (const size of sizes) {
      let segment = new Uint8Array(size);
      let filled = 0;
      while (filled < size) {
        const { done, value } = await reader.read(new Uint8Array(segment.buffer, filled, size - filled));
        if (done || !value) throw new FileSizeChanged();
        filled += value.length;
        segment = new Uint8Array(value.buffer); // the read took the buffer over and hands it back
      }
      yield segment;
    }
    const rest = await reader.read(new Uint8Array(1));
    if (!rest.done) throw new FileSizeChanged();
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function* copiedSegments(reader: ReadableStreamDefaultReader<Uint8Array>, sizes: number[]): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  try {
    let index = 0;
    let segment = new Uint8Array(sizes[0]!);
    let filled = 0;
    const full = () => index < sizes.length && filled === segment.length;
    // An empty file is one empty segment.
    if (full()) {
      yield segment;
      index++;
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      while (chunk.length > 0) {
        if (index >= sizes.length) throw new FileSizeChanged();
        const take = Math.min(segment.length - filled, chunk.length);
        segment.set(chunk.subarray(0, take), filled);
        filled += take;
        chunk = chunk.subarray(take);
        if (full()) {
          yield segment;
          index++;
          segment = new Uint8Array(sizes[index] ?? 0);
          filled = 0;
        }
      }
    }
    if (index !== sizes.length) throw new FileSizeChanged();
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * The segment digests of `file`, read in one stream (memory stays flat:
 * at most two segments, one hashing while the next is read). `onProgress`
 * gets the bytes hashed so far. A file that reads shorter or longer than its
 * size is "changed" (null).
 */
export async function fileSegmentDigests(file: Blob, onProgress?: (bytesHashed: number) => void): Promise<string[] | null> {
  const digests: string[] = [];
  let hashed = 0;
  let pending: Promise<void> = Promise.resolve();
  try {
    for await (const segment of fileSegments(file)) {
      await pending;
      pending = nativeSha256Base64url(segment).then((digest) => {
        digests.push(digest);
        hashed += segment.length;
        onProgress?.(hashed);
      });
    }
    await pending;
  } catch (error) {
    if (error instanceof FileSizeChanged) return null;
    throw error;
  }
  return digests;
}
