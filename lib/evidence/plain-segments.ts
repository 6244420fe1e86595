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
 * The segment digests of `file`, read one segment at a time (memory stays
 * flat). `onProgress` gets the bytes hashed so far. A file that reads
 * shorter than its size is "changed" (null).
 */
export async function fileSegmentDigests(file: Blob, onProgress?: (bytesHashed: number) => void): Promise<string[] | null> {
  const digests: string[] = [];
  for (let i = 0; i < segmentCount(file.size); i++) {
    const start = i * SEGMENT_BYTES;
    const end = Math.min(file.size, start + SEGMENT_BYTES);
    const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
    if (bytes.length !== end - start) return null;
    digests.push(await nativeSha256Base64url(bytes));
    onProgress?.(end);
  }
  return digests;
}
