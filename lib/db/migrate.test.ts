import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPendingMigrations, pgliteTarget } from "./migrate";

let dir: string;
let db: PGlite;

async function writeMigration(name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

async function tables(): Promise<string[]> {
  const { rows } = await db.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((r) => r.tablename);
}

type MigrationRow = {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
};

async function migrationRows(): Promise<MigrationRow[]> {
  return (await db.query<MigrationRow>("SELECT * FROM _prisma_migrations ORDER BY migration_name")).rows;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "casevault-migrations-"));
  db = new PGlite(); // in memory
});

afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe("applyPendingMigrations", () => {
  it("applies migrations in lexical order and records them as Prisma does", async () => {
    // Written out of order: b depends on a.
    await writeMigration("20240102000000_b", 'ALTER TABLE "A" ADD COLUMN "b" INT;\n');
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT PRIMARY KEY);\n');
    await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');

    const applied = await applyPendingMigrations(pgliteTarget(db), dir);

    expect(applied).toEqual(["20240101000000_a", "20240102000000_b"]);
    expect(await tables()).toEqual(["A", "_prisma_migrations"]);
    const rows = await migrationRows();
    expect(rows.map((r) => r.migration_name)).toEqual(applied);
    const sha = createHash("sha256").update('CREATE TABLE "A" ("id" INT PRIMARY KEY);\n').digest("hex");
    expect(rows[0]).toMatchObject({ checksum: sha, logs: null, rolled_back_at: null, applied_steps_count: 1 });
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
  });

  it("is idempotent and applies only what is new", async () => {
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT);');
    expect(await applyPendingMigrations(pgliteTarget(db), dir)).toEqual(["20240101000000_a"]);
    expect(await applyPendingMigrations(pgliteTarget(db), dir)).toEqual([]);

    await writeMigration("20240102000000_b", 'CREATE TABLE "B" ("id" INT);');
    expect(await applyPendingMigrations(pgliteTarget(db), dir)).toEqual(["20240102000000_b"]);
    expect(await migrationRows()).toHaveLength(2);
  });

  it("returns nothing for a missing migrations folder", async () => {
    expect(await applyPendingMigrations(pgliteTarget(db), path.join(dir, "nope"))).toEqual([]);
  });

  it("refuses when an applied migration's file changed", async () => {
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT);\n');
    await applyPendingMigrations(pgliteTarget(db), dir);

    // Line endings alone are not a change (git may convert them), as in Prisma.
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT);\r\n');
    expect(await applyPendingMigrations(pgliteTarget(db), dir)).toEqual([]);

    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" BIGINT);\n');
    await writeMigration("20240102000000_b", 'CREATE TABLE "B" ("id" INT);\n');
    await expect(applyPendingMigrations(pgliteTarget(db), dir)).rejects.toThrow(
      /20240101000000_a was edited after it was applied/,
    );
    expect(await tables()).not.toContain("B"); // refused before applying anything
  });

  it("refuses when an applied migration is missing locally", async () => {
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT);');
    await applyPendingMigrations(pgliteTarget(db), dir);
    await rm(path.join(dir, "20240101000000_a"), { recursive: true });

    await expect(applyPendingMigrations(pgliteTarget(db), dir)).rejects.toThrow(
      /20240101000000_a is applied to the database but missing/,
    );
  });

  it("refuses when a migration is recorded as failed", async () => {
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT);');
    await applyPendingMigrations(pgliteTarget(db), dir);
    await db.query("UPDATE _prisma_migrations SET finished_at = NULL");

    await expect(applyPendingMigrations(pgliteTarget(db), dir)).rejects.toThrow(/20240101000000_a failed earlier/);
  });

  it("refuses a non-empty database without migration history", async () => {
    await db.exec('CREATE TABLE "Stray" ("id" INT)');
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT);');

    await expect(applyPendingMigrations(pgliteTarget(db), dir)).rejects.toThrow(/not empty.*Stray/);
    expect(await tables()).toEqual(["Stray"]);
  });

  it("rolls back a failing migration entirely and names it", async () => {
    await writeMigration("20240101000000_a", 'CREATE TABLE "A" ("id" INT);');
    await writeMigration(
      "20240102000000_broken",
      'CREATE TABLE "B" ("id" INT);\nINSERT INTO "A" VALUES (1);\nSELECT 1 / 0;\n',
    );
    await writeMigration("20240103000000_c", 'CREATE TABLE "C" ("id" INT);');

    await expect(applyPendingMigrations(pgliteTarget(db), dir)).rejects.toThrow(
      /Migration 20240102000000_broken failed and was rolled back: division by zero/,
    );
    expect(await tables()).toEqual(["A", "_prisma_migrations"]); // no B, and C never attempted
    expect((await db.query("SELECT * FROM \"A\"")).rows).toEqual([]);
    expect((await migrationRows()).map((r) => r.migration_name)).toEqual(["20240101000000_a"]);

    // Fixed file, next start: picks up where it stopped.
    await writeMigration("20240102000000_broken", 'CREATE TABLE "B" ("id" INT);');
    expect(await applyPendingMigrations(pgliteTarget(db), dir)).toEqual([
      "20240102000000_broken",
      "20240103000000_c",
    ]);
  });
});

describe("prisma/migrations", () => {
  it("applies to an empty database and makes AuditEvent append-only", async () => {
    const applied = await applyPendingMigrations(pgliteTarget(db), path.join(process.cwd(), "prisma/migrations"));
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables()).toContain("AuditEvent");

    await db.query(`INSERT INTO "AuditEvent" ("seq", "action", "prevHash", "hash") VALUES (1, 'test', '\\x00', '\\x01')`);
    const appendOnly = /AuditEvent is append-only/;
    await expect(db.query(`UPDATE "AuditEvent" SET "action" = 'changed'`)).rejects.toThrow(appendOnly);
    await expect(db.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(appendOnly);
    await expect(db.query(`TRUNCATE "AuditEvent"`)).rejects.toThrow(appendOnly);
    expect((await db.query<{ action: string }>(`SELECT "action" FROM "AuditEvent"`)).rows).toEqual([
      { action: "test" },
    ]);
  });
});
