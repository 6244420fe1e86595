// THE BLOB STORE (DESIGN.md §7): where encrypted evidence parts live. Only
// ciphertext goes in; the server never decrypts what it stores. Three
// implementations behind this one interface, chosen by BLOB_STORE (store.ts):
// files under DATA_DIR/blobs ("fs", the default), any S3-compatible object
// store ("s3", several app instances share it) and the database itself
// ("postgres", one backup covers all).
//
// Invariants every implementation keeps (store.test.ts tests them on all
// three, the S3 one against a real S3 HTTP server):
// - a write streams: the body is never held whole in memory (postgres, which
//   binds one value, is the exception: it holds one part);
// - nothing is visible under a key unless exactly the announced bytes, with
//   the announced SHA-256, arrived: a short, long or altered body is refused
//   (BlobRejected) and a crash mid-write leaves no blob under the key;
// - keys are content-addressed by their callers (the hash is in the key), so
//   writing a key that exists writes the same bytes again (and repairs a
//   damaged copy);
// - a key never written (or deleted) reads as null, and deleting what does
//   not exist is not an error (cleanup may retry).

export type BlobStoreKind = "fs" | "postgres" | "s3";

export type BlobWrite = {
  key: string;
  body: ReadableStream<Uint8Array>;
  /** Exactly this many bytes must arrive. */
  size: number;
  /** And hash to this SHA-256. */
  sha256: Uint8Array;
};

export interface BlobStore {
  readonly kind: BlobStoreKind;
  put(write: BlobWrite): Promise<void>;
  /** The blob's bytes as a stream, or null when there is none. */
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** The stored size in bytes, or null when there is no blob. */
  size(key: string): Promise<number | null>;
  /** Every key that starts with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  delete(keys: string[]): Promise<void>;
  /** Removes every blob whose key starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
  /** Removes what interrupted writes left behind before `before` (fs's temporary files); returns how many. */
  sweepIncomplete(before: Date): Promise<number>;
}

/** A write refused because the body was not what was announced. Nothing was stored. */
export class BlobRejected extends Error {
  override readonly name = "BlobRejected";
  constructor(readonly reason: "too_long" | "too_short" | "hash") {
    super(`blob refused: ${reason}`);
  }
}

/** Keys are paths of lower-case letters, digits and dashes: nothing a file system or URL could read as anything else. */
export function checkKey(key: string): string {
  if (!/^[a-z0-9-]+(\/[a-z0-9-]+)*$/.test(key)) throw new Error("invalid blob key");
  return key;
}
