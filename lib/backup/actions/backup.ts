import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import { listDataFiles } from "../data-files";
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, DATA_PREFIX, MANIFEST_NAME, PG_DUMP_NAME, type Manifest, type ManifestMember } from "../manifest";
import { runPgTool } from "../pg-tools";
import { TarWriter } from "../tar";
import { lockDataDir, pgMigrations, settleEmbedded } from "./embedded";

// `npm run backup -- <file>`: one .tar.gz holding the database and every file
// of DATA_DIR (the session secret, the audit key and checkpoints, anything
// added later) except lock files, plus manifest.json with the SHA-256 of each
// member. The file holds secrets: it is created mode 0600, never overwritten,
// and appears under its name only once complete.
//
// Embedded database: refused while the app runs (it holds the lock); with the
// lock held the database is settled and its folder copied byte for byte.
// PostgreSQL: pg_dump's custom format, a consistent snapshot even while the
// app runs. With BLOB_STORE=s3 evidence parts are in the bucket, not here:
// the manifest says so.

export type BackupOptions = {
  file: string;
  dataDir: string;
  databaseUrl?: string;
  appVersion: string;
  blobStore: Manifest["blobStore"];
};

export type BackupResult = { file: string; bytes: number; manifest: Manifest };

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

async function* hashing(file: string, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    yield chunk;
  }
}

/** Adds a file from disk; returns its manifest entry. */
async function addFile(tar: TarWriter, name: string, abs: string, size: number, mode: number): Promise<ManifestMember> {
  const hash = createHash("sha256");
  await tar.file(name, size, mode, hashing(abs, hash));
  return { type: "file", path: name, bytes: size, sha256: hash.digest("hex"), mode };
}

async function addDataDir(tar: TarWriter, dataDir: string, skipTopLevel: string[]): Promise<ManifestMember[]> {
  const members: ManifestMember[] = [{ type: "directory", path: DATA_PREFIX }];
  await tar.directory(DATA_PREFIX);
  if (!fs.existsSync(dataDir)) return members;
  for (const entry of listDataFiles(dataDir, skipTopLevel)) {
    const name = `${DATA_PREFIX}/${entry.rel}`;
    if (entry.type === "directory") {
      await tar.directory(name);
      members.push({ type: "directory", path: name });
    } else {
      members.push(await addFile(tar, name, entry.abs, entry.size, entry.mode));
    }
  }
  return members;
}

/** Opens `<file>.partial` (0600, must not exist); `commit` renames it to `file`. */
function openOutput(file: string) {
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose another name (a backup never overwrites a file).`);
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { flags: "wx", mode: 0o600 });
  // Level 1: evidence parts are ciphertext and do not compress; the database's
  // empty pages and catalogues compress well even at the fastest level.
  const gzip = createGzip({ level: 1 });
  gzip.pipe(out);
  out.on("error", (error) => gzip.destroy(error)); // e.g. a full disk: the writer's next await rejects
  return {
    tar: new TarWriter(gzip),
    async commit() {
      gzip.end();
      await finished(out);
      fs.renameSync(partial, file);
    },
    abort() {
      gzip.destroy();
      out.destroy();
      fs.rmSync(partial, { force: true });
    },
  };
}

export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const file = path.resolve(options.file);
  const dataDir = path.resolve(options.dataDir);
  if (isInside(file, dataDir)) throw new BackupError("Write the backup outside DATA_DIR (it would contain itself, and belongs on another disk anyway).");
  fs.mkdirSync(path.dirname(file), { recursive: true });

  const base = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, appVersion: options.appVersion, blobStore: options.blobStore } as const;
  let release = () => {};
  let dumpDir: string | null = null;
  let output: ReturnType<typeof openOutput> | null = null;
  try {
    let migrations: string[];
    const members: ManifestMember[] = [];
    if (options.databaseUrl) {
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      try {
        migrations = await pgMigrations(async (sql) => (await client.query<{ migration_name: string }>(sql)).rows);
      } finally {
        await client.end();
      }
      dumpDir = fs.mkdtempSync(path.join(path.dirname(file), ".casevault-backup-")); // 0700
      const dump = path.join(dumpDir, PG_DUMP_NAME);
      await runPgTool("pg_dump", ["--format=custom", "--no-password", "--file", dump], options.databaseUrl);
      output = openOutput(file);
      members.push(await addFile(output.tar, PG_DUMP_NAME, dump, fs.statSync(dump).size, 0o600));
      // A folder left from an embedded start is not this deployment's database.
      members.push(...(await addDataDir(output.tar, dataDir, ["pglite"])));
    } else {
      release = lockDataDir(dataDir);
      migrations = await settleEmbedded(dataDir);
      output = openOutput(file);
      members.push(...(await addDataDir(output.tar, dataDir, [])));
    }
    const manifest: Manifest = { ...base, createdAt: new Date().toISOString(), database: options.databaseUrl ? "postgresql" : "embedded", migrations, members };
    const json = Buffer.from(JSON.stringify(manifest, null, 2) + "\n");
    await output.tar.file(MANIFEST_NAME, json.length, 0o600, [json]);
    await output.tar.finish();
    await output.commit();
    output = null;
    return { file, bytes: fs.statSync(file).size, manifest };
  } finally {
    output?.abort();
    if (dumpDir) fs.rmSync(dumpDir, { recursive: true, force: true });
    release();
  }
}
