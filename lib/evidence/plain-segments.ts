import "client-only";
import { nativeSha256Base64url } from "@/lib/crypto/sha256";
import { STREAM_CHUNK_BYTES } from "./schema";

// No keystream reuse on resume (DESIGN.md §7). A file is encrypted under one
// file key and stream header, so resending it must produce exactly the same
// ciphertext: two different plaintexts under the same key and header would
// leak their XOR to whoever sees both (the server, for one), and repeat
// Poly1305 keys. So before the first part is sent, the browser hashes the
// plaintext in segments and seals the list in the evidence metadata
// (version 1, which the server cannot alter); every encryption pass — the
// first and every resume — hashes each segment again before encrypting a
// byte of it and stops with "evidence.fileChanged" at the first difference.
// Whatever the server claims to hold, only bytes proven identical are ever
// encrypted again.

/** Stream chunks per segment: a segment is 4 MiB of plaintext, on chunk boundaries. */
export const SEGMENT_CHUNKS = 64;
export const SEGMENT_BYTES = SEGMENT_CHUNKS * STREAM_CHUNK_BYTES;

/** Segments of a `size`-byte file (an empty file has one, empty). */
export function segmentCount(size: number): number {
  return Math.max(1, Math.ceil(size / SEGMENT_BYTES));
}

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
