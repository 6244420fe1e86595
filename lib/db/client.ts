import "server-only";
import path from "node:path";
import { connection } from "next/server";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/env";
import { PrismaClient } from "./generated/client";
import { acquireEmbeddedLockWaiting } from "./embedded-lock";
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

/** The client inside `db.$transaction(async (tx) => …)`: what a change that must commit as one receives. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

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
  const db = newClient(new PrismaPg({ connectionString }));
  return { db, close: () => db.$disconnect() };
}

// Inside the app server, wait a little for a process that is still exiting
// (e.g. `npm run seed:demo` just before `npm start`); command-line tools
// refuse at once, with the holder's PID.
const serverLockWaitMs = 15_000;

async function openEmbedded(dataDir: string): Promise<Opened> {
  await acquireEmbeddedLockWaiting(dataDir, process.env.NEXT_RUNTIME === "nodejs" ? serverLockWaitMs : 0);
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
  const { DATABASE_URL, DATABASE_OWNER_URL, DATA_DIR } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL, DATABASE_OWNER_URL) : openEmbedded(path.resolve(DATA_DIR));
}

/** The database, opened and migrated on first use. */
export async function getDb(): Promise<Db> {
  if (process.env.NEXT_PHASE === "phase-production-build") {
    // `next build` prerenders pages in worker processes. A page that reads the
    // database must render per request instead: `connection()` tells Next so
    // (it interrupts the prerender). Were the build to open the embedded
    // database, its worker would hold the lock while the server starts.
    await connection();
    throw new Error("The database is not opened during `next build`.");
  }
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
