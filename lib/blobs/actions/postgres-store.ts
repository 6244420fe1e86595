import "server-only";
import { getDb } from "@/lib/db/client";
import type { BlobStore } from "../store";

// The default BlobStore: one row of the Blob table per object, in the same
// database as everything else (one backup covers all). Each call is its own
// statement: never call these inside another transaction (on the embedded
// database's single connection it would wait for that transaction forever).

const DELETE_BATCH = 500;

export function postgresBlobStore(): BlobStore {
  return {
    async put(key, bytes) {
      const db = await getDb();
      const data = bytes as Uint8Array<ArrayBuffer>;
      await db.blob.upsert({ where: { key }, create: { key, data }, update: { data, createdAt: new Date() } });
    },

    async get(key) {
      const db = await getDb();
      const row = await db.blob.findUnique({ where: { key }, select: { data: true } });
      return row ? row.data : null;
    },

    async delete(keys) {
      if (keys.length === 0) return;
      const db = await getDb();
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        await db.blob.deleteMany({ where: { key: { in: keys.slice(i, i + DELETE_BATCH) } } });
      }
    },
  };
}
