/**
 * A ZIP the user chose in verify.html, read like zip-reader's fileSource: by
 * slices of the File (Blob.slice), so a bundle with a multi-gigabyte video is
 * never held in memory whole. `onRead` is told how many bytes each read
 * returned, for the progress line.
 */
import type { ZipSource } from "../zip-reader.mjs";

export function blobSource(blob: Blob, onRead?: (bytes: number) => void): ZipSource {
  return {
    size: blob.size,
    async read(offset, length) {
      const start = Math.max(0, Math.min(offset, blob.size));
      const end = Math.max(start, Math.min(offset + length, blob.size));
      const bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
      onRead?.(bytes.length);
      return bytes;
    },
    async close() {},
  };
}
