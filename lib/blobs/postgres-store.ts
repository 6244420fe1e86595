import "server-only";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { checkKey, type BlobStore } from "./blob-store";
import { collect, verifyingStream } from "./verifying-stream";

// BLOB_STORE=postgres: one row of the Blob table per blob, in the same
// database as everything else (one backup covers all) — for small
// deployments. The one store that holds a part whole in memory: a bytea is
// bound as one value. Plain SQL, not Prisma's upsert, which binds the bytes
// twice and returns them (STACK.md: 124–185 ms per 4 MiB part against
// 17–32 ms). Each call is its own statement: never call these inside another
// transaction (on the embedded database's single connection it would wait
// for that transaction forever).

const DELETE_BATCH = 500;

// The embedded database (PGlite) converts a bytea parameter or result value
// slowly: per 4 MiB part, 1.5–1.9 s to bind and 0.5–0.6 s to read, against
// 0.18–0.21 s and 0.04–0.05 s as hex text decoded in SQL (measured on this
// machine). A PostgreSQL server binds the bytes directly (17–32 ms), and hex
// would double what crosses its wire, so it gets the bytes as they are.
const viaHex = () => !env().DATABASE_URL;

export function postgresBlobStore(): BlobStore {
  return {
    kind: "postgres",

    async put({ key, body, size, sha256 }) {
      checkKey(key);
      const data = await collect(verifyingStream(body, size, sha256), size);
      const db = await getDb();
      // Keys are content-addressed: these bytes are the only ones the key may
      // hold, so a row already there is replaced (it may be damaged).
      if (viaHex()) {
        const hex = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("hex");
        await db.$executeRaw`INSERT INTO "Blob" (key, data) VALUES (${key}, decode(${hex}, 'hex')) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data`;
      } else {
        await db.$executeRaw`INSERT INTO "Blob" (key, data) VALUES (${key}, ${data}) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data`;
      }
    },

    async get(key) {
      const db = await getDb();
      const data = viaHex()
        ? await db.$queryRaw<{ hex: string }[]>`SELECT encode(data, 'hex') AS hex FROM "Blob" WHERE key = ${key}`.then((rows) => (rows[0] ? Buffer.from(rows[0].hex, "hex") : null))
        : await db.$queryRaw<{ data: Uint8Array }[]>`SELECT data FROM "Blob" WHERE key = ${key}`.then((rows) => rows[0]?.data ?? null);
      if (!data) return null;
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(data));
          controller.close();
        },
      });
    },

    async size(key) {
      const db = await getDb();
      const rows = await db.$queryRaw<{ size: number }[]>`SELECT octet_length(data)::int AS size FROM "Blob" WHERE key = ${key}`;
      return rows[0]?.size ?? null;
    },

    async list(prefix) {
      const db = await getDb();
      const rows = await db.$queryRaw<{ key: string }[]>`SELECT key FROM "Blob" WHERE starts_with(key, ${prefix}) ORDER BY key`;
      return rows.map((r) => r.key);
    },

    async delete(keys) {
      const db = await getDb();
      for (let i = 0; i < keys.length; i += DELETE_BATCH) {
        await db.blob.deleteMany({ where: { key: { in: keys.slice(i, i + DELETE_BATCH) } } });
      }
    },

    async deletePrefix(prefix) {
      const db = await getDb();
      await db.$executeRaw`DELETE FROM "Blob" WHERE starts_with(key, ${prefix})`;
    },

    async sweepIncomplete() {
      return 0; // a row is written whole or not at all
    },
  };
}
