import "server-only";
import { env, type Env } from "@/lib/env";
import { postgresBlobStore } from "./actions/postgres-store";
import { s3BlobStore, s3ClientFromEnv } from "./actions/s3-store";

// THE BLOB STORE (DESIGN.md §7): where encrypted evidence parts live. Only
// ciphertext goes in; the server never decrypts what it stores. Two
// implementations behind one interface, chosen by BLOB_STORE: the database
// itself (default: transactional, one backup covers all) and any
// S3-compatible object store (for deployments that outgrow one machine).
//
// Invariants every implementation keeps:
// - put overwrites: writing a key twice leaves the second value;
// - get of a key never written (or deleted) is null, not an error;
// - delete of keys that do not exist is not an error (cleanup may retry).

export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  delete(keys: string[]): Promise<void>;
}

let cached: { kind: Env["BLOB_STORE"]; store: BlobStore } | undefined;

/** The process's blob store, as configured (built once). */
export function blobStore(): BlobStore {
  const config = env();
  if (cached?.kind !== config.BLOB_STORE) {
    cached = {
      kind: config.BLOB_STORE,
      store: config.BLOB_STORE === "s3" ? s3BlobStore({ client: s3ClientFromEnv(config), bucket: config.S3_BUCKET! }) : postgresBlobStore(),
    };
  }
  return cached.store;
}

/** Where part `partNumber` (1-based) of an evidence upload is stored. */
export function evidencePartKey(evidenceId: string, partNumber: number): string {
  return `evidence/${evidenceId}/${partNumber}`;
}

/** Every key an upload of `partCount` parts may have written (stored or not). */
export function evidencePartKeys(evidenceId: string, partCount: number): string[] {
  return Array.from({ length: partCount }, (_, i) => evidencePartKey(evidenceId, i + 1));
}
