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

/**
 * Columns no query returns unless it asks by name (`select: { authKeyHash: true }`
 * or `omit: { authKeyHash: false }`): a whole-row read — a list, an include, a
 * row passed to a component — can never carry a credential or a verifier.
 * Only sign-in, enrolment, the passphrase change and the TOTP check opt in.
 */
export const secretColumns = {
  user: { authKeyHash: true, totpSecret: true },
  invitation: { tokenHash: true },
  calendarFeed: { tokenHash: true },
} as const;

type Adapter = PrismaPg | PrismaPGlite;

function newClient(adapter: Adapter) {
  return new PrismaClient({ adapter, omit: secretColumns });
}

export type Db = ReturnType<typeof newClient>;

type Opened = { db: Db; close: () => Promise<void> };

const globalForDb = globalThis as unknown as { casevaultDb?: Promise<Opened> };

async function openPostgres(connectionString: string): Promise<Opened> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await applyPendingMigrations(pgClientTarget(client));
  } finally {
    await client.end();
  }
  const db = newClient(new PrismaPg({ connectionString }));
  return { db, close: () => db.$disconnect() };
}

async function openEmbedded(dataDir: string): Promise<Opened> {
  acquireEmbeddedLock(dataDir);
  const pglite = await PGlite.create(path.join(dataDir, "pglite"));
  await applyPendingMigrations(pgliteTarget(pglite));
  const db = newClient(new PrismaPGlite(pglite));
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

function open(): Promise<Opened> {
  const { DATABASE_URL, DATA_DIR } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL) : openEmbedded(path.resolve(DATA_DIR));
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
