import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyPendingMigrations, pgClientTarget, pgliteTarget } from "@/lib/db/migrate";
import { createBackup } from "./actions/backup";
import { restoreBackup } from "./actions/restore";
import { knownMigrations } from "./cli";
import { BackupError, manifestSchema } from "./manifest";
import { readTar, TarWriter, type TarEntry } from "./tar";

// Backup and restore on the database this run uses: the embedded default,
// or fresh databases on the PostgreSQL server in DATABASE_URL (CI's second run).

// The owner creates the test databases (CI runs the suite as a restricted role that may not).
const serverUrl = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
const kind = serverUrl ? "postgresql" : "embedded";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cv-backup-test-"));
const created: string[] = [];

async function freshPgUrl(): Promise<string> {
  const name = `cv_backup_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new URL(serverUrl!);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  created.push(name);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

type Target = { dataDir: string; databaseUrl?: string };

async function freshTarget(label: string): Promise<Target> {
  return { dataDir: path.join(tmp, label), ...(serverUrl ? { databaseUrl: await freshPgUrl() } : {}) };
}

async function sql<T>(target: Target, run: (q: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  if (!target.databaseUrl) {
    const db = await PGlite.create(path.join(target.dataDir, "pglite"));
    try {
      return await run(async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows);
    } finally {
      await db.close();
    }
  }
  const c = new pg.Client({ connectionString: target.databaseUrl });
  await c.connect();
  try {
    return await run(async (text, params) => (await c.query<Record<string, unknown>>(text, params)).rows);
  } finally {
    await c.end();
  }
}

const probe = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));
const files: Record<string, string> = { "auth-secret": "session-secret-0123456789", "audit-key": "audit-key-abcdef", "audit-checkpoints/000001.json": '{"seq":1}', "blobs/ab/cdef": "ciphertext" };

let source: Target;
let archive: string;

beforeAll(async () => {
  source = await freshTarget("source");
  fs.mkdirSync(source.dataDir, { recursive: true, mode: 0o700 });
  if (source.databaseUrl) {
    const c = new pg.Client({ connectionString: source.databaseUrl });
    await c.connect();
    await applyPendingMigrations(pgClientTarget(c));
    await c.end();
  } else {
    const db = await PGlite.create(path.join(source.dataDir, "pglite"));
    await applyPendingMigrations(pgliteTarget(db));
    await db.close();
  }
  await sql(source, async (q) => {
    await q("CREATE TABLE backup_probe (id int PRIMARY KEY, data bytea NOT NULL)");
    await q("INSERT INTO backup_probe VALUES (1, $1)", [probe]);
  });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(source.dataDir, name)), { recursive: true });
    fs.writeFileSync(path.join(source.dataDir, name), text, { mode: 0o600 });
  }
  fs.writeFileSync(path.join(source.dataDir, "pglite.lock"), "999999999"); // a stale lock: never backed up
  archive = path.join(tmp, "backup.tar.gz");
  await createBackup({ file: archive, ...source, appVersion: "9.9.9", blobStore: { kind: "postgres" } });
}, 400_000); // a fresh migrated database and a backup: minutes on a busy 2-core machine

afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (serverUrl && created.length) {
    const admin = new URL(serverUrl);
    admin.pathname = "/postgres";
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  }
});

type Member = { entry: TarEntry; data: Buffer };

async function members(file: string): Promise<Member[]> {
  const out: Member[] = [];
  const whole = gunzipSync(fs.readFileSync(file));
  await readTar((async function* () { yield whole; })(), async (entry, body) => {
    const parts: Buffer[] = [];
    for await (const part of body) parts.push(part);
    out.push({ entry, data: Buffer.concat(parts) });
  });
  return out;
}

async function rewrite(list: Member[], file: string): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const tar = new TarWriter(out);
  for (const m of list) {
    if (m.entry.type === "directory") await tar.directory(m.entry.name);
    else await tar.file(m.entry.name, m.data.length, 0o600, [m.data]);
  }
  await tar.finish();
  fs.writeFileSync(file, gzipSync(Buffer.concat(chunks)));
  return file;
}

const restore = (file: string, target: Target, known = knownMigrations()) => restoreBackup({ file, ...target, knownMigrations: known });

describe(`backup and restore (${kind})`, { timeout: 240_000 }, () => {
  it("writes the archive mode 0600 with a manifest of every file but the lock, each with its SHA-256", async () => {
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    const list = await members(archive);
    const manifest = manifestSchema.parse(JSON.parse(list.at(-1)!.data.toString()));
    expect(manifest).toMatchObject({ database: kind, appVersion: "9.9.9", blobStore: { kind: "postgres" } });
    expect(manifest.migrations).toEqual(knownMigrations().sort());
    const paths = manifest.members.map((m) => m.path);
    for (const name of Object.keys(files)) expect(paths).toContain(`data/${name}`);
    expect(paths.some((p) => p.endsWith(".lock"))).toBe(false);
    expect(paths.includes("database.pgdump") || paths.includes("data/pglite/PG_VERSION")).toBe(true);
    expect(fs.existsSync(`${archive}.partial`)).toBe(false);
  });

  it("restores into an empty folder/database: the rows and every file come back byte for byte, owner-only", async () => {
    const target = await freshTarget("restored");
    await restore(archive, target);
    const rows = await sql(target, (q) => q("SELECT data FROM backup_probe WHERE id = 1"));
    expect(Buffer.from(rows[0]!.data as Uint8Array).equals(probe)).toBe(true);
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(target.dataDir, name);
      expect(fs.readFileSync(file, "utf8")).toBe(text);
      expect(fs.statSync(file).mode & 0o077).toBe(0);
    }
    expect(fs.existsSync(path.join(target.dataDir, "pglite.lock"))).toBe(false); // released
    expect(fs.readdirSync(tmp).some((n) => n.includes(".restoring-"))).toBe(false);
  });

  it("refuses to restore into a folder that is not empty, and changes nothing", async () => {
    const target = await freshTarget("busy-folder");
    fs.mkdirSync(target.dataDir, { recursive: true });
    fs.writeFileSync(path.join(target.dataDir, "auth-secret"), "live");
    await expect(restore(archive, target)).rejects.toThrow(/not empty/);
    expect(fs.readdirSync(target.dataDir)).toEqual(["auth-secret"]);
    expect(fs.readFileSync(path.join(target.dataDir, "auth-secret"), "utf8")).toBe("live");
  });

  it("refuses to restore over a database that has tables", async () => {
    if (!serverUrl) {
      // Embedded: the database lives in DATA_DIR, so a used one is a non-empty folder.
      await expect(restore(archive, { dataDir: source.dataDir })).rejects.toThrow(/not empty/);
      return;
    }
    await expect(restore(archive, { dataDir: path.join(tmp, "fresh-folder"), databaseUrl: source.databaseUrl })).rejects.toThrow(/database in DATABASE_URL is not empty/);
  });

  it("refuses an archive with one flipped byte in a member, before anything is put in place", async () => {
    const list = await members(archive);
    const secret = list.find((m) => m.entry.name === "data/auth-secret")!;
    secret.data[0] = secret.data[0]! ^ 1;
    const target = await freshTarget("tampered");
    await expect(restore(await rewrite(list, path.join(tmp, "tampered.tar.gz")), target)).rejects.toThrow(/SHA-256 does not match: data\/auth-secret/);
    expect(fs.readdirSync(target.dataDir)).toEqual([]);
    if (target.databaseUrl) expect(await sql(target, (q) => q("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'"))).toEqual([{ n: 0 }]);
  });

  it("refuses an archive with a member the manifest does not list, one missing, or no manifest", async () => {
    const list = await members(archive);
    const manifestAt = list.length - 1;
    const extra = [...list.slice(0, manifestAt), { entry: { name: "data/setup-token", type: "file" as const, size: 5, mode: 0o600 }, data: Buffer.from("evil!") }, list[manifestAt]!];
    await expect(restore(await rewrite(extra, path.join(tmp, "extra.tar.gz")), await freshTarget("extra"))).rejects.toThrow(/not listed in the manifest: data\/setup-token/);
    const missing = list.filter((m) => m.entry.name !== "data/audit-key");
    await expect(restore(await rewrite(missing, path.join(tmp, "missing.tar.gz")), await freshTarget("missing"))).rejects.toThrow(/missing from the archive: data\/audit-key/);
    await expect(restore(await rewrite(list.slice(0, manifestAt), path.join(tmp, "cut.tar.gz")), await freshTarget("cut"))).rejects.toThrow(/no manifest/);
  });

  it("refuses a member path that climbs out of the folder, writing nothing outside", async () => {
    const list = await members(archive);
    const evil = [{ entry: { name: "data/../../escaped", type: "file" as const, size: 1, mode: 0o600 }, data: Buffer.from("x") }, ...list];
    await expect(restore(await rewrite(evil, path.join(tmp, "evil.tar.gz")), await freshTarget("evil"))).rejects.toThrow(BackupError);
    expect(fs.existsSync(path.join(tmp, "escaped"))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(tmp), "escaped"))).toBe(false);
  });

  it("refuses a backup made by a newer version (a migration this code lacks)", async () => {
    await expect(restore(archive, await freshTarget("newer"), knownMigrations().slice(0, -1))).rejects.toThrow(/newer Casevault/);
  });

  it("never overwrites an existing file", async () => {
    await expect(createBackup({ file: archive, ...source, appVersion: "9.9.9", blobStore: { kind: "postgres" } })).rejects.toThrow(/already exists/);
  });
});

// The embedded database's lock is checked before anything is opened, so these
// run on a plain folder in both CI runs.
describe("embedded: while the app runs", () => {
  let app: ChildProcess;
  beforeAll(() => {
    app = spawn("sleep", ["60"]);
  });
  afterAll(() => {
    app.kill();
  });

  it("refuses to back up while another live process holds the database, leaving no file", async () => {
    const dataDir = path.join(tmp, "running");
    fs.mkdirSync(path.join(dataDir, "pglite"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, "pglite", "PG_VERSION"), "17");
    fs.writeFileSync(path.join(dataDir, "pglite.lock"), String(app.pid));
    const file = path.join(tmp, "while-running.tar.gz");
    await expect(createBackup({ file, dataDir, appVersion: "9.9.9", blobStore: { kind: "postgres" } })).rejects.toThrow(/Stop the app first/);
    expect(fs.existsSync(file) || fs.existsSync(`${file}.partial`)).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, "pglite.lock"), "utf8")).toBe(String(app.pid)); // the app's lock untouched
  });

  it("refuses to restore into a folder whose lock a live process holds", async () => {
    const dataDir = path.join(tmp, "locked");
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, "pglite.lock"), String(app.pid));
    await expect(restore(archive, { dataDir })).rejects.toThrow(/Stop the app first/);
    expect(fs.readdirSync(dataDir)).toEqual(["pglite.lock"]);
  });
});
