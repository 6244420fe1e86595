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

/** A copy of `template` with its own DATA_DIR (the audit key and checkpoints the copied log was written with). */
export async function copyDatabase(template: TestDatabase): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-e2e-copy-"));
  fs.cpSync(template.dataDir, dataDir, { recursive: true });
  fs.rmSync(path.join(dataDir, "pglite.lock"), { force: true });
  if (template.kind === "pglite") return { kind: "pglite", dataDir };
  const name = `${nameOf(template.url)}_c${Date.now() % 1e7}_${Math.floor(Math.random() * 1e4)}`;
  // The owner copies (a restricted runtime role may not create databases); the
  // copy keeps the template's table grants, the database-level one is given again.
  await withAdmin(template.ownerUrl, async (client) => {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${nameOf(template.url)}"`);
    const runtimeRole = decodeURIComponent(new URL(template.url).username);
    if (runtimeRole && runtimeRole !== decodeURIComponent(new URL(template.ownerUrl).username)) {
      await client.query(`GRANT CONNECT ON DATABASE "${name}" TO "${runtimeRole}"`);
    }
  });
  const rename = (url: string) => {
    const copy = new URL(url);
    copy.pathname = `/${name}`;
    return copy.toString();
  };
  return { kind: "postgres", url: rename(template.url), ownerUrl: rename(template.ownerUrl), dataDir };
}

export async function dropDatabase(database: TestDatabase): Promise<void> {
  fs.rmSync(database.dataDir, { recursive: true, force: true });
  if (database.kind === "pglite") return;
  await withAdmin(database.ownerUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${nameOf(database.url)}" WITH (FORCE)`));
}
