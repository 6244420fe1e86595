import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createGunzip } from "node:zlib";
import pg from "pg";
import { isEmptyDataDir } from "../data-files";
import { BackupError, compareWithManifest, DATA_PREFIX, MANIFEST_NAME, manifestSchema, PG_DUMP_NAME, safeMemberPath, type Manifest, type ManifestMember } from "../manifest";
import { runPgTool } from "../pg-tools";
import { readTar } from "../tar";
import { lockDataDir, pgMigrations, settleEmbedded } from "./embedded";

// `npm run restore -- <file>`: only into an empty DATA_DIR (and, with
// DATABASE_URL, an empty database), so a restore can never overwrite or mix
// with live data. The archive is unpacked into a staging folder beside
// DATA_DIR and checked against its manifest (every member present, none
// extra, every SHA-256 equal) before anything is moved into place or sent to
// pg_restore. Afterwards the restored database is opened and its migrations
// compared with the manifest's.

export type RestoreOptions = {
  file: string;
  dataDir: string;
  databaseUrl?: string;
  /** The migrations this code knows (prisma/migrations): a backup made by a newer version is refused. */
  knownMigrations: string[];
};

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** Unpacks the archive into `staging`, hashing every file; returns the manifest and what was found. */
async function unpack(file: string, staging: string): Promise<{ manifest: Manifest; seen: ManifestMember[] }> {
  const seen: ManifestMember[] = [];
  const names = new Set<string>();
  let manifestText: string | null = null;
  const source = fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
  await readTar(source, async (entry, body) => {
    const name = safeMemberPath(entry.name);
    if (names.has(name)) throw new BackupError(`The archive holds ${name} twice.`);
    names.add(name);
    if (name === MANIFEST_NAME) {
      if (entry.size > MAX_MANIFEST_BYTES) throw new BackupError("manifest.json is implausibly large.");
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(chunk);
      manifestText = Buffer.concat(chunks).toString("utf8");
      return;
    }
    const dest = path.join(staging, ...name.split("/"));
    if (entry.type === "directory") {
      fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
      seen.push({ type: "directory", path: name });
      return;
    }
    fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
    const hash = createHash("sha256");
    const handle = await fs.promises.open(dest, "wx", 0o600);
    try {
      for await (const chunk of body) {
        hash.update(chunk);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
    const mode = entry.mode & 0o700; // owner only, whatever the archive says
    await fs.promises.chmod(dest, mode);
    seen.push({ type: "file", path: name, bytes: entry.size, sha256: hash.digest("hex"), mode });
  });
  if (manifestText === null) throw new BackupError("The archive has no manifest.json: not a Casevault backup, or cut short.");
  let json: unknown;
  try {
    json = JSON.parse(manifestText);
  } catch {
    throw new BackupError("manifest.json is not valid JSON.");
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) throw new BackupError(`manifest.json is not a Casevault backup manifest this version reads: ${parsed.error.issues[0]?.message ?? ""}`);
  return { manifest: parsed.data, seen };
}

function check(manifest: Manifest, seen: ManifestMember[], options: RestoreOptions): void {
  const problems = compareWithManifest(manifest, seen);
  if (problems.length) {
    throw new BackupError(`The archive does not match its manifest; nothing was restored.\n  ${problems.slice(0, 10).join("\n  ")}${problems.length > 10 ? `\n  … and ${problems.length - 10} more` : ""}`);
  }
  const wanted = options.databaseUrl ? "postgresql" : "embedded";
  if (manifest.database !== wanted) {
    throw new BackupError(
      manifest.database === "embedded"
        ? "This is a backup of the embedded database: restore it with DATABASE_URL unset."
        : "This is a backup of a PostgreSQL database: set DATABASE_URL to an empty database to restore it.",
    );
  }
  const unknown = manifest.migrations.filter((m) => !options.knownMigrations.includes(m));
  if (unknown.length) throw new BackupError(`This backup was made by a newer Casevault (migrations this version lacks: ${unknown.join(", ")}). Restore it with that version or later.`);
}

async function withPg<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function assertEmptyDatabase(url: string): Promise<void> {
  const count = await withPg(url, async (c) => {
    const { rows } = await c.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')",
    );
    return Number(rows[0]!.n);
  });
  if (count > 0) throw new BackupError(`The database in DATABASE_URL is not empty (${count} tables, views or sequences). Restore only into a new, empty database.`);
}

function assertEmptyDataDir(dataDir: string): void {
  if (!isEmptyDataDir(dataDir)) throw new BackupError(`DATA_DIR (${dataDir}) is not empty. Restore only into an empty or new folder; nothing was changed.`);
}

function moveInto(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const name of fs.readdirSync(from)) fs.renameSync(path.join(from, name), path.join(to, name));
}

export async function restoreBackup(options: RestoreOptions): Promise<Manifest> {
  const file = path.resolve(options.file);
  const dataDir = path.resolve(options.dataDir);
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  assertEmptyDataDir(dataDir);
  if (options.databaseUrl) await assertEmptyDatabase(options.databaseUrl);

  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Held to the end: an app started meanwhile on this folder refuses to open it.
  const release = options.databaseUrl ? () => {} : lockDataDir(dataDir);
  const staging = fs.mkdtempSync(path.join(path.dirname(dataDir), `.${path.basename(dataDir)}.restoring-`));
  try {
    const { manifest, seen } = await unpack(file, staging);
    check(manifest, seen, options);
    assertEmptyDataDir(dataDir);
    if (options.databaseUrl) {
      await assertEmptyDatabase(options.databaseUrl);
      const db = new URL(options.databaseUrl).pathname.replace(/^\//, "");
      await runPgTool("pg_restore", ["--exit-on-error", "--single-transaction", "--no-password", "--dbname", decodeURIComponent(db), path.join(staging, PG_DUMP_NAME)], options.databaseUrl);
    }
    if (fs.existsSync(path.join(staging, DATA_PREFIX))) moveInto(path.join(staging, DATA_PREFIX), dataDir);
    const restored = options.databaseUrl
      ? await withPg(options.databaseUrl, (c) => pgMigrations(async (sql) => (await c.query<{ migration_name: string }>(sql)).rows))
      : await settleEmbedded(dataDir);
    if (restored.join() !== manifest.migrations.join()) {
      throw new BackupError(`The restored database does not list the migrations the manifest records (${restored.length} vs ${manifest.migrations.length}).`);
    }
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    release();
  }
}
