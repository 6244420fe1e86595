import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import path from "node:path";
import type { TestDatabase } from "./server";

// Every row of every table, as text: for each value its text form and, for
// bytes, hex, base64 and a UTF-8 decoding, so a marker hidden in any column,
// in any encoding the app might use, shows up in a plain substring search.
// Run it after the app server has stopped (PGlite allows one process).

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

function render(value: unknown): string {
  if (value instanceof Uint8Array) {
    const buf = Buffer.from(value);
    return [buf.toString("hex"), buf.toString("base64"), buf.toString("base64url"), buf.toString("utf8"), buf.toString("latin1")].join(" ");
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

async function dumpWith(query: Query): Promise<string> {
  const tables = await query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`);
  const out: string[] = [];
  for (const t of tables) {
    const rows = await query(`SELECT * FROM "${String(t.table_schema)}"."${String(t.table_name)}"`);
    for (const row of rows) out.push(`${String(t.table_name)}: ${Object.values(row).map(render).join(" | ")}`);
  }
  return out.join("\n");
}

export async function dumpDatabase(database: TestDatabase): Promise<string> {
  if (database.kind === "pglite") {
    const db = await PGlite.create(path.join(database.dataDir, "pglite"));
    try {
      return await dumpWith(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
    } finally {
      await db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await dumpWith(async (sql) => (await client.query<Record<string, unknown>>(sql)).rows);
  } finally {
    await client.end();
  }
}

/** All the forms a marker could take in the dump. */
export function markerForms(marker: string): string[] {
  const bytes = Buffer.from(marker, "utf8");
  return [marker, bytes.toString("hex"), bytes.toString("base64").replace(/=+$/, ""), bytes.toString("base64url")];
}
