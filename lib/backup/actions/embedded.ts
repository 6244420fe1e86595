import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { acquireEmbeddedLock, EmbeddedDatabaseBusyError, embeddedHolder, releaseEmbeddedLock } from "@/lib/db/embedded-lock";
import { BackupError } from "../manifest";

// The embedded database for backup and restore, which run as command-line
// tools with the app stopped (not server actions): PGlite must never be open
// in two processes, so both hold the data folder's lock from start to end —
// an app started meanwhile refuses to open the database instead of
// corrupting it.

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, "pglite");
}

/** Takes the data folder's lock, or refuses with "stop the app first". Returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const holder = embeddedHolder(dataDir);
  const refuse = (pid: number | null) =>
    new BackupError(
      `The embedded database in ${dataDir} is in use${pid ? ` by process ${pid}` : ""} (the running app?). ` +
        "Stop the app first, then run this again: a copy taken while it writes would not be consistent.",
    );
  if (holder !== null && holder !== process.pid) throw refuse(holder);
  try {
    acquireEmbeddedLock(dataDir);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError) throw refuse(embeddedHolder(dataDir));
    throw error;
  }
  return () => releaseEmbeddedLock(dataDir);
}

const appliedMigrations = "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name";

/**
 * Opens the (locked) embedded database once: crash recovery runs if the app
 * was killed, a checkpoint writes everything to the data files, and a clean
 * close leaves the folder consistent to copy byte for byte. Returns the
 * applied migrations.
 */
export async function settleEmbedded(dataDir: string): Promise<string[]> {
  if (!fs.existsSync(path.join(pgliteDir(dataDir), "PG_VERSION"))) {
    throw new BackupError(`No embedded database in ${pgliteDir(dataDir)}. Is DATA_DIR right?`);
  }
  const db = await PGlite.create(pgliteDir(dataDir));
  try {
    const rows = (await db.query<{ migration_name: string }>(appliedMigrations)).rows;
    await db.exec("CHECKPOINT");
    return rows.map((r) => r.migration_name);
  } finally {
    await db.close();
  }
}

export async function pgMigrations(query: (sql: string) => Promise<{ migration_name: string }[]>): Promise<string[]> {
  return (await query(appliedMigrations)).map((r) => r.migration_name);
}
