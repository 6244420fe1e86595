// `npm run bench:backup -- [MB]`: backup and restore time for the demo data
// plus MB (default 200) of evidence ciphertext, on the embedded database, or
// on a fresh database of the PostgreSQL server in DATABASE_URL. The bytes are
// inserted directly into the blob table as 4 MiB random parts (what an
// encrypted upload stores with BLOB_STORE=postgres) — this times the backup,
// not the upload. Times are of the commands as an operator runs them
// (`npm run backup`/`restore`, tsx start-up included).
// Prints `bench backup <db> <metric> <value>` lines.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

const mb = Number(process.argv[2] ?? 200);
const base = process.env.DATABASE_URL;
const db = base ? "postgresql" : "embedded";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-backup-"));
const PART = 4 * 1024 * 1024;

function print(metric: string, value: number | string) {
  console.log(`bench backup ${db} ${metric} ${typeof value === "number" ? value.toFixed(2) : value}`);
}

async function withAdmin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(base!);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

async function place(label: string): Promise<{ DATA_DIR: string; DATABASE_URL: string }> {
  const DATA_DIR = path.join(tmp, label);
  if (!base) return { DATA_DIR, DATABASE_URL: "" };
  const name = `casevault_bench_backup_${label}_${Date.now()}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { DATA_DIR, DATABASE_URL: url.toString() };
}

function npm(args: string[], env: Record<string, string>): number {
  const started = performance.now();
  const r = spawnSync("npm", ["run", "--silent", ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`npm run ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
  return (performance.now() - started) / 1000;
}

async function insertParts(env: { DATA_DIR: string; DATABASE_URL: string }): Promise<void> {
  const parts = Math.ceil((mb * 1024 * 1024) / PART);
  const sql = 'INSERT INTO "Blob" (key, data) VALUES ($1, $2)';
  if (env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    await c.connect();
    for (let i = 0; i < parts; i++) await c.query(sql, [`bench/${i}`, randomBytes(PART)]);
    await c.end();
  } else {
    const p = await PGlite.create(path.join(env.DATA_DIR, "pglite"));
    for (let i = 0; i < parts; i++) await p.query(sql, [`bench/${i}`, randomBytes(PART)]);
    await p.close();
  }
}

function du(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  return total;
}

async function main() {
  const source = await place("source");
  npm(["seed:demo"], source);
  const started = performance.now();
  await insertParts(source);
  print("insert_seconds", (performance.now() - started) / 1000);
  if (!source.DATABASE_URL) print("data_dir_mb", du(source.DATA_DIR) / 1024 ** 2);
  const archive = path.join(tmp, "bench.tar.gz");
  print("backup_seconds", npm(["backup", "--", archive], source));
  print("archive_mb", fs.statSync(archive).size / 1024 ** 2);
  const target = await place("target");
  print("restore_seconds", npm(["restore", "--", archive], target));
  print("evidence_mb", mb);
  if (base) {
    await withAdmin(async (c) => {
      for (const env of [source, target]) await c.query(`DROP DATABASE IF EXISTS "${new URL(env.DATABASE_URL).pathname.slice(1)}" WITH (FORCE)`);
    });
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(tmp, { recursive: true, force: true }));
