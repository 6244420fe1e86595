import "server-only";
import path from "node:path";
import { env, type Env } from "@/lib/env";
import { postgresBlobStore } from "./postgres-store";
import { s3BlobStore, s3ClientFromEnv } from "./s3-store";
import type { BlobStore } from "./blob-store";
import { fsBlobStore } from "./fs-store";

export type { BlobStore } from "./blob-store";

/** The store `config` names (BLOB_STORE and its variables); `close` frees an S3 client's sockets. */
export function blobStoreFor(config: Env): { store: BlobStore; close: () => void } {
  if (config.BLOB_STORE === "s3") {
    const client = s3ClientFromEnv(config);
    return { store: s3BlobStore({ client, bucket: config.S3_BUCKET! }), close: () => client.destroy() };
  }
  const store = config.BLOB_STORE === "postgres" ? postgresBlobStore() : fsBlobStore(path.resolve(config.DATA_DIR, "blobs"));
  return { store, close: () => undefined };
}

let cached: { config: string; store: BlobStore } | undefined;

/** The process's blob store, as configured (built once per configuration). */
export function blobStore(): BlobStore {
  const config = env();
  const id = `${config.BLOB_STORE} ${path.resolve(config.DATA_DIR)}`;
  if (cached?.config !== id) cached = { config: id, store: blobStoreFor(config).store };
  return cached.store;
}

const hex = (sha256: Uint8Array) => Buffer.from(sha256).toString("hex");

/** Where every part of an evidence upload is stored (with a trailing slash). */
export function evidencePrefix(evidenceId: string): string {
  return `evidence/${evidenceId}/`;
}

/**
 * Where part `partNumber` (1-based) with ciphertext hash `sha256` is stored.
 * The hash is in the key: a part once written is never replaced by other
 * bytes, whatever arrives later under the same number.
 */
export function evidencePartKey(evidenceId: string, partNumber: number, sha256: Uint8Array): string {
  return `${evidencePrefix(evidenceId)}${partNumber}/${hex(sha256)}`;
}
