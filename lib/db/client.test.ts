import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-db";
import { getDb } from "./client";

const { kind } = useTestDatabase();

describe(`database client (${kind})`, () => {
  it("applies every migration before the first query", async () => {
    const db = await getDb();
    const local = fs.readdirSync(path.join(process.cwd(), "prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory());
    const rows = await db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(rows.map((r) => r.migration_name).sort()).toEqual(local.map((e) => e.name).sort());
  });

  it("refuses to change or delete audit events", async () => {
    const db = await getDb();
    const hash = Buffer.from(crypto.getRandomValues(new Uint8Array(32)));
    const event = await db.auditEvent.create({ data: { seq: BigInt(Date.now()), action: "test.event", prevHash: Buffer.alloc(32), hash } });
    await expect(db.auditEvent.update({ where: { seq: event.seq }, data: { action: "test.altered" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { seq: event.seq } })).rejects.toThrow(/append-only/);
    const again = await db.auditEvent.findUnique({ where: { seq: event.seq } });
    expect(again?.action).toBe("test.event");
  });
});
