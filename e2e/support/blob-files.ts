import fs from "node:fs";
import path from "node:path";
import { withSql } from "./db-sql";
import type { TestDatabase } from "./server";

// The evidence blobs of a test database as they are stored, in the store the
// run's servers use (they inherit BLOB_STORE): files under DATA_DIR/blobs (fs,
// the default) or rows of the Blob table (postgres, .ci/run's PostgreSQL
// phase). Tests read and change them as someone with the disk or the
// database would, so only with the app stopped (PGlite allows one process).

type Kind = "fs" | "postgres";

function kind(): Kind {
  const configured = process.env.BLOB_STORE || "fs";
  if (configured !== "fs" && configured !== "postgres") throw new Error(`this helper reads the fs or postgres blob store, not BLOB_STORE=${configured}`);
  return configured;
}

const root = (database: TestDatabase) => path.join(database.dataDir, "blobs");

/** Every whole blob under `prefix` (e.g. "evidence/"), by key; the fs store's half-written temporary files are not blobs (see `unfinishedBlobWrites`). */
export async function storedBlobs(database: TestDatabase, prefix = ""): Promise<Map<string, Buffer>> {
  if (kind() === "postgres") {
    const rows = await withSql(database, (query) => query(`SELECT key, data FROM "Blob" WHERE starts_with(key, $1) ORDER BY key`, [prefix]));
    return new Map(rows.map((row) => [String(row.key), Buffer.from(row.data as Uint8Array)]));
  }
  const blobs = new Map<string, Buffer>();
  if (!fs.existsSync(root(database))) return blobs;
  for (const entry of fs.readdirSync(root(database), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const key = path.relative(root(database), path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    if (key.startsWith(".incomplete/") || !key.startsWith(prefix)) continue;
    blobs.set(key, fs.readFileSync(path.join(entry.parentPath, entry.name)));
  }
  return blobs;
}

/** Writes a store began and never finished, by name: the fs store's temporary files (the Blob table takes a row in one statement, so it has none). */
export function unfinishedBlobWrites(database: TestDatabase): Map<string, Buffer> {
  const temp = path.join(root(database), ".incomplete");
  if (kind() !== "fs" || !fs.existsSync(temp)) return new Map();
  return new Map(fs.readdirSync(temp).map((name) => [name, fs.readFileSync(path.join(temp, name))]));
}

/** Replaces the stored bytes of `key` with `change(bytes)`, as an attacker with the store would. */
export async function alterBlob(database: TestDatabase, key: string, change: (bytes: Buffer) => Buffer): Promise<void> {
  const before = (await storedBlobs(database, key)).get(key);
  if (!before) throw new Error(`no blob ${key}`);
  const after = change(Buffer.from(before));
  if (kind() === "postgres") {
    const updated = await withSql(database, (query) => query(`UPDATE "Blob" SET data = $2 WHERE key = $1 RETURNING key`, [key, after]));
    if (updated.length !== 1) throw new Error(`blob ${key} was not changed`);
    return;
  }
  fs.writeFileSync(path.join(root(database), ...key.split("/")), after);
}
