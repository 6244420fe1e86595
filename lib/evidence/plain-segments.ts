import "client-only";
import { discard } from "@/lib/crypto/encoding";
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

/** Segments read and hashed at once by the pre-read: Chromium hashes off the main thread, so a few in flight use the second core (200 MB in Chromium here: one ahead 0.46–0.72 s, three at once 0.39–0.42 s). */
const READ_LANES = 3;

/**
 * The segment digests of `file`, one `slice().arrayBuffer()` per segment,
 * READ_LANES segments in flight (`npm run bench:upload` shows the pass as
 * "reading pass"). Memory stays flat: READ_LANES segments at most, each
 * wiped and released once hashed (not left for the collector: 1 GiB read
 * this way otherwise piled up to 320 MiB in the page's heap).
 * `onProgress` gets the bytes hashed so far (segments finish in any order).
 * A file that reads shorter than its size is "changed" (null); a read that
 * fails rejects.
 *
 * Not `file.stream()`, though Chromium reads it faster: with the worker's
 * whole-file hash reading a stream, two of two 200 MB benchmark uploads on
 * the postgres store sat at 100 % for good, nothing sent and no error; with
 * slices, none did. So every read of the file is a slice.
 */
export async function fileSegmentDigests(file: Blob, onProgress?: (bytesHashed: number) => void): Promise<string[] | null> {
  const count = segmentCount(file.size);
  const digests = new Array<string>(count);
  let next = 0;
  let hashed = 0;
  let stop = false;
  let changed = false;
  const lane = async () => {
    while (!stop && next < count) {
      const index = next++;
      const start = index * SEGMENT_BYTES;
      const end = Math.min(file.size, start + SEGMENT_BYTES);
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
      } catch (error) {
        stop = true;
        throw error;
      }
      const length = bytes.length;
      if (length !== end - start) {
        discard(bytes);
        stop = changed = true;
        return;
      }
      try {
        digests[index] = await nativeSha256Base64url(bytes);
      } finally {
        discard(bytes);
      }
      hashed += length;
      if (!stop) onProgress?.(hashed);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_LANES, count) }, lane));
  return changed ? null : digests;
}
