import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import type pg from "pg";

// Applies pending migrations from prisma/migrations at runtime (server start,
// scripts). Hand-rolled rather than Prisma's schema engine: the native engine
// cannot be downloaded on our machines, and the wasm engine is too heavy (and
// an internal API) to ship in the server bundle. It writes Prisma's own
// `_prisma_migrations` table exactly as the engine does, so a later real
// `prisma migrate deploy` / `migrate status` sees these migrations as applied.
//
// Prisma behaviour mirrored here, from prisma-engines (schema-engine):
// - table DDL: connectors/sql-schema-connector/src/flavour/postgres.rs
//   (`create_migrations_table`)
// - checksum: connectors/schema-connector/src/checksum.rs — SHA-256 of the
//   migration.sql text, lowercase hex, zero-padded to 64 chars; a stored
//   checksum also matches the script with CRLF↔LF line endings swapped.
// - advisory lock key 72707369 (`acquire_lock` in postgres.rs), so we also
//   exclude a concurrent real `prisma migrate deploy`.
// - a successful row: fresh UUID id, logs NULL, rolled_back_at NULL,
//   applied_steps_count 1, finished_at set (sql_migration_persistence.rs).
//   Rows with rolled_back_at set are ignored, as Prisma does.
//
// Unlike the engine, each migration runs in one transaction together with its
// bookkeeping row: a failing migration leaves nothing behind, not even a
// "failed" row, so fixing the file and restarting is enough.

type Row = Record<string, unknown>;

/** Something that runs SQL: a connection or an open transaction. */
export interface SqlRunner {
  query<R extends Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs a multi-statement script (simple query protocol, no parameters). */
  exec(sql: string): Promise<void>;
}

/** A database to migrate. */
export interface MigrationTarget extends SqlRunner {
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

export function pgliteTarget(db: PGlite): MigrationTarget {
  const runner = (q: PGlite | Transaction): SqlRunner => ({
    async query<R extends Row>(sql: string, params: unknown[] = []) {
      return (await q.query<R>(sql, params)).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  // PGlite's own transaction() also holds its internal mutex, so nothing else
  // using the same instance can interleave statements.
  return { ...runner(db), transaction: (fn) => db.transaction((tx) => fn(runner(tx))) };
}

export function pgClientTarget(client: pg.Client): MigrationTarget {
  const runner: SqlRunner = {
    async query<R extends Row>(sql: string, params: unknown[] = []) {
      return (await client.query<R>(sql, params)).rows;
    },
    async exec(sql: string) {
      await client.query(sql); // no values: simple protocol, so several statements are allowed
    },
  };
  return {
    ...runner,
    async transaction(fn) {
      await client.query("BEGIN");
      try {
        const result = await fn(runner);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined); // keep the original error
        throw error;
      }
    },
  };
}

/** Prisma's key for `pg_advisory_lock` (prisma-engines, postgres.rs). */
const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Prisma's DDL, verbatim (prisma-engines, postgres.rs `create_migrations_table`). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

/** Prisma's migration checksum: SHA-256 of the script text, lowercase hex. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** Like Prisma's `script_matches_checksum`: tolerant of git's line-ending conversion. */
function matchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, "\n"), script.replace(/\n/g, "\r\n")];
  return variants.some((s) => migrationChecksum(s) === checksum);
}

type LocalMigration = { name: string; script: string };

/** `<dir>/<name>/migration.sql` for every sub-directory, in lexical (code unit) order. */
async function readLocalMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      try {
        return { name, script: await readFile(file, "utf8") }; // Prisma hashes the UTF-8 text
      } catch (error) {
        throw new Error(`Migration ${name} has no readable migration.sql (${file})`, { cause: error });
      }
    }),
  );
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null };

/** Creates `_prisma_migrations` if missing, refusing (as Prisma does, P3005) when the schema already has other tables. */
async function ensureMigrationsTable(db: SqlRunner): Promise<void> {
  const tables = await db.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  );
  if (tables.some((t) => t.relname === "_prisma_migrations")) return;
  if (tables.length > 0) {
    throw new Error(
      `Refusing to migrate: the database schema is not empty but has no _prisma_migrations table ` +
        `(found ${tables.map((t) => t.relname).join(", ")}). Baseline it first.`,
    );
  }
  await db.exec(CREATE_MIGRATIONS_TABLE);
}

/**
 * Applies every migration in `migrationsDir` not yet recorded in
 * `_prisma_migrations`, each in its own transaction, and returns their names.
 * Refuses to touch anything if the recorded history does not match the files.
 */
export async function applyPendingMigrations(
  target: MigrationTarget,
  migrationsDir: string = path.join(process.cwd(), "prisma/migrations"),
): Promise<string[]> {
  const local = await readLocalMigrations(migrationsDir);

  // Session-level lock: a second app instance starting at the same moment
  // waits here, then finds everything applied.
  await target.query(`SELECT pg_advisory_lock(${PRISMA_MIGRATE_LOCK_KEY})`);
  try {
    await ensureMigrationsTable(target);
    const rows = await target.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM _prisma_migrations
       WHERE rolled_back_at IS NULL ORDER BY started_at`,
    );

    const failed = rows.filter((r) => r.finished_at === null).map((r) => r.migration_name);
    if (failed.length > 0) {
      throw new Error(
        `Refusing to migrate: migration(s) ${failed.join(", ")} failed earlier (finished_at is null). ` +
          `Resolve them (prisma migrate resolve) before starting.`,
      );
    }
    const byName = new Map(local.map((m) => [m.name, m]));
    for (const row of rows) {
      const file = byName.get(row.migration_name);
      if (!file) {
        throw new Error(
          `Refusing to migrate: migration ${row.migration_name} is applied to the database but missing from ${migrationsDir}.`,
        );
      }
      if (!matchesChecksum(file.script, row.checksum)) {
        throw new Error(
          `Refusing to migrate: migration ${row.migration_name} was edited after it was applied ` +
            `(checksum of migration.sql no longer matches). Restore the file; put changes in a new migration.`,
        );
      }
    }

    const applied = new Set(rows.map((r) => r.migration_name));
    const done: string[] = [];
    for (const migration of local.filter((m) => !applied.has(m.name))) {
      try {
        await target.transaction(async (tx) => {
          await tx.exec(migration.script);
          // started_at = now() is the transaction start, i.e. just before the
          // script; finished_at = clock_timestamp() is after it.
          await tx.query(
            `INSERT INTO _prisma_migrations
               (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
            [randomUUID(), migrationChecksum(migration.script), migration.name],
          );
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    // Never mask the real error; the lock also ends with the session.
    await target.query(`SELECT pg_advisory_unlock(${PRISMA_MIGRATE_LOCK_KEY})`).catch(() => undefined);
  }
}
