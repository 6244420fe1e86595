import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "./client";

// Integration test of the real client against the configured database:
// CI's PostgreSQL run sets DATABASE_URL; otherwise a fresh embedded folder.
let dataDir: string | undefined;
beforeAll(() => {
  if (!process.env.DATABASE_URL) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-db-"));
    process.env.DATA_DIR = dataDir;
  }
});
afterAll(async () => {
  await closeDb();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe(`database client (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`, () => {
  it("applies every migration before the first query", async () => {
    const db = await getDb();
    const local = fs.readdirSync(path.join(process.cwd(), "prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory());
    const rows = await db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(rows.map((r) => r.migration_name).sort()).toEqual(local.map((e) => e.name).sort());
  });

  it("refuses to change or delete audit events", async () => {
    const db = await getDb();
    const hash = Buffer.from(crypto.getRandomValues(new Uint8Array(32)));
    const event = await db.auditEvent.create({ data: { action: "test.event", prevHash: Buffer.alloc(32), hash } });
    await expect(db.auditEvent.update({ where: { seq: event.seq }, data: { action: "test.altered" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { seq: event.seq } })).rejects.toThrow(/append-only/);
    const again = await db.auditEvent.findUnique({ where: { seq: event.seq } });
    expect(again?.action).toBe("test.event");
  });
});
