import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestDatabase } from "./server";

/**
 * Runs SQL against a test database while its app server is stopped (PGlite
 * allows one process) — as the schema's owner on PostgreSQL: these tests act
 * as someone who controls the database, not as the app.
 */
export async function withSql<T>(database: TestDatabase, run: (query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  if (database.kind === "pglite") {
    const db = await PGlite.create(path.join(database.dataDir, "pglite"));
    try {
      return await run(async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows);
    } finally {
      await db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.ownerUrl });
  await client.connect();
  try {
    return await run(async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows);
  } finally {
    await client.end();
  }
}
