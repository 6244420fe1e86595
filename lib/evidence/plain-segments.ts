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

/**
 * The segment digests of `file`, one `slice().arrayBuffer()` per segment,
 * the next segment read while this one hashes (`npm run bench:upload` shows
 * the pass as "reading pass"). Memory stays flat: two segments at most. `onProgress` gets the bytes hashed so far. A
 * file that reads shorter than its size is "changed" (null).
 *
 * Not `file.stream()`, though Chromium reads it faster: with the worker's
 * whole-file hash reading a stream, two of two 200 MB benchmark uploads on
 * the postgres store sat at 100 % for good, nothing sent and no error; with
 * slices, none did. So every read of the file is a slice.
 */
export async function fileSegmentDigests(file: Blob, onProgress?: (bytesHashed: number) => void): Promise<string[] | null> {
  const count = segmentCount(file.size);
  const bounds = (index: number) => [index * SEGMENT_BYTES, Math.min(file.size, (index + 1) * SEGMENT_BYTES)] as const;
  const read = (index: number) => file.slice(...bounds(index)).arrayBuffer();
  const digests: string[] = [];
  let next: Promise<ArrayBuffer> | null = read(0);
  for (let index = 0; index < count; index++) {
    const bytes = new Uint8Array(await next!);
    next = index + 1 < count ? read(index + 1) : null;
    const [start, end] = bounds(index);
    if (bytes.length !== end - start) {
      next?.catch(() => undefined); // no longer wanted
      return null;
    }
    digests.push(await nativeSha256Base64url(bytes));
    onProgress?.(end);
  }
  return digests;
}
