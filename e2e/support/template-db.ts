import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestDatabase } from "./server";

// Copies of one seeded database, so a suite that needs many fresh databases
// seeds once: a folder copy for the embedded database (taken while no process
// holds it), CREATE DATABASE … TEMPLATE on PostgreSQL.

async function withAdmin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

export async function copyDatabase(template: TestDatabase): Promise<TestDatabase> {
  if (template.kind === "pglite") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-e2e-copy-"));
    fs.cpSync(template.dataDir, dataDir, { recursive: true });
    fs.rmSync(path.join(dataDir, "pglite.lock"), { force: true });
    return { kind: "pglite", dataDir };
  }
  const name = `${nameOf(template.url)}_c${Date.now() % 1e7}_${Math.floor(Math.random() * 1e4)}`;
  await withAdmin(template.url, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${nameOf(template.url)}"`));
  const url = new URL(template.url);
  url.pathname = `/${name}`;
  return { kind: "postgres", url: url.toString() };
}

export async function dropDatabase(database: TestDatabase): Promise<void> {
  if (database.kind === "pglite") {
    fs.rmSync(database.dataDir, { recursive: true, force: true });
    return;
  }
  await withAdmin(database.url, (client) => client.query(`DROP DATABASE IF EXISTS "${nameOf(database.url)}" WITH (FORCE)`));
}
