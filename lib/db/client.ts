import "server-only";
import path from "node:path";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import { acquireEmbeddedLock } from "./embedded-lock";
import { applyPendingMigrations, pgClientTarget, pgliteTarget } from "./migrate";

// The one Prisma client of the process. PostgreSQL when DATABASE_URL is set,
// otherwise PGlite (real Postgres in WebAssembly) under DATA_DIR. Either way
// pending migrations are applied before the first query is served.

export type Db = PrismaClient;

type Opened = { db: Db; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { casevaultDb?: Promise<Opened> };

/**
 * `ownerUrl` (DATABASE_OWNER_URL): the role that owns the schema runs the
 * migrations; the app then serves as the DATABASE_URL role, which may lack
 * UPDATE/DELETE/TRUNCATE on the audit table (docs/operations.md, "Database roles").
 */
async function openPostgres(connectionString: string, ownerUrl: string = connectionString): Promise<Opened> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await applyPendingMigrations(pgClientTarget(client));
  } finally {
    await client.end();
  }
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  return { db, close: () => db.$disconnect() };
}

async function openEmbedded(dataDir: string): Promise<Opened> {
  acquireEmbeddedLock(dataDir);
  const pglite = await PGlite.create(path.join(dataDir, "pglite"));
  await applyPendingMigrations(pgliteTarget(pglite));
  const db = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

function open(): Promise<Opened> {
  const { DATABASE_URL, DATABASE_OWNER_URL, DATA_DIR } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL, DATABASE_OWNER_URL) : openEmbedded(path.resolve(DATA_DIR));
}

/** The database, opened and migrated on first use. */
export async function getDb(): Promise<Db> {
  globalForDb.casevaultDb ??= open();
  try {
    return (await globalForDb.casevaultDb).db;
  } catch (error) {
    globalForDb.casevaultDb = undefined; // let the next request retry
    throw error;
  }
}

/** For scripts: close the database so the process can exit. */
export async function closeDb(): Promise<void> {
  const opened = globalForDb.casevaultDb;
  globalForDb.casevaultDb = undefined;
  if (opened) await (await opened).close();
}
