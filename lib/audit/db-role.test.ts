import { randomUUID } from "node:crypto";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { recordAuditEvent } from "./actions";
import { verifyAuditChain } from "./queries";

// The audit table against the database role that runs the app
// (docs/operations.md, "Database roles (PostgreSQL)"). CI runs the PostgreSQL
// suite as the restricted runtime role (DATABASE_URL) with DATABASE_OWNER_URL
// for migrations; locally and on the embedded database the app's connection
// owns the table, and the append-only trigger is what stops it.

const { kind } = withTestDatabase();

/** The grants the operations guide gives the runtime role, for role `role`. */
const runtimeGrants = (role: string) => [
  `GRANT USAGE ON SCHEMA public TO "${role}"`,
  `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${role}"`,
  `REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON "AuditEvent" FROM "${role}"`,
];

type Attempt = { sql: string; error: string | null };

/**
 * As the schema's owner, in one transaction that is rolled back: creates a
 * role with exactly the guide's grants, becomes it, tries each statement
 * (each behind a savepoint) and reports the errors.
 */
async function asDocumentedRuntimeRole(statements: string[]): Promise<Attempt[]> {
  const role = `cv_test_runtime_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const setup = [`CREATE ROLE "${role}" NOLOGIN`, ...runtimeGrants(role), `SET LOCAL ROLE "${role}"`];
  const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
  const attempts: Attempt[] = [];
  const runAll = async (run: (sql: string) => Promise<unknown>) => {
    for (const sql of setup) await run(sql);
    for (const sql of statements) {
      await run("SAVEPOINT attempt");
      try {
        await run(sql);
        attempts.push({ sql, error: null });
      } catch (error) {
        attempts.push({ sql, error: error instanceof Error ? error.message : String(error) });
      }
      await run("ROLLBACK TO SAVEPOINT attempt");
    }
  };
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await runAll((sql) => client.query(sql));
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
    return attempts;
  }
  const db = await getDb();
  await db
    .$transaction(async (tx) => {
      await runAll((sql) => tx.$executeRawUnsafe(sql));
      throw new Error("rollback");
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message === "rollback")) throw error;
    });
  return attempts;
}

describe(`who may change the audit table (${kind})`, () => {
  let seq: bigint;
  beforeAll(async () => {
    seq = (await recordAuditEvent({ action: "auth.sign_out", actorId: randomUUID() })).seq;
  }, 180_000); // a fresh embedded database on a busy machine

  it("the app's own connection cannot update, delete or truncate audit events", async () => {
    const db = await getDb();
    // With DATABASE_OWNER_URL the app runs as the restricted role: privileges refuse before the trigger would.
    const refusal = process.env.DATABASE_OWNER_URL ? /permission denied/ : /append-only|permission denied/;
    await expect(db.$executeRawUnsafe(`UPDATE "AuditEvent" SET data = '{}'::jsonb WHERE seq = ${seq}`)).rejects.toThrow(refusal);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE seq = ${seq}`)).rejects.toThrow(refusal);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(refusal);
    if (process.env.DATABASE_OWNER_URL) {
      await expect(db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
    }
    expect(await db.auditEvent.count({ where: { seq } })).toBe(1);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("a role with the operations guide's grants may read and append, never change, remove or unprotect", async () => {
    const attempts = await asDocumentedRuntimeRole([
      `SELECT count(*) FROM "AuditEvent"`,
      `INSERT INTO "AuditEvent" (seq, action, "prevHash", hash) VALUES (-1, 'auth.sign_out', '\\x00', '\\x${"ee".repeat(32)}')`,
      `UPDATE "AuditEvent" SET data = '{}'::jsonb WHERE seq = ${seq}`,
      `DELETE FROM "AuditEvent" WHERE seq = ${seq}`,
      `TRUNCATE "AuditEvent"`,
      `ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`,
      `DROP TRIGGER "AuditEvent_no_update_delete" ON "AuditEvent"`,
    ]);
    const byVerb = Object.fromEntries(attempts.map((a) => [a.sql.split(" ")[0]!, a.error]));
    expect(byVerb.SELECT).toBeNull();
    expect(byVerb.INSERT).toBeNull();
    expect(byVerb.UPDATE).toMatch(/permission denied/);
    expect(byVerb.DELETE).toMatch(/permission denied/);
    expect(byVerb.TRUNCATE).toMatch(/permission denied/);
    expect(byVerb.ALTER).toMatch(/must be owner/);
    expect(byVerb.DROP).toMatch(/must be owner/);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
