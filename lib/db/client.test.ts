import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/lib/testing/test-db";
import { recordAuditEvent } from "@/lib/audit/actions";
import { getDb } from "./client";

const { kind } = withTestDatabase();

describe(`database client (${kind})`, () => {
  it("applies every migration before the first query", async () => {
    const db = await getDb();
    const local = fs.readdirSync(path.join(process.cwd(), "prisma/migrations"), { withFileTypes: true }).filter((e) => e.isDirectory());
    const rows = await db.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`;
    expect(rows.map((r) => r.migration_name).sort()).toEqual(local.map((e) => e.name).sort());
  });

  it("refuses to change or delete audit events", async () => {
    const db = await getDb();
    const { seq } = await recordAuditEvent({ action: "auth.sign_out" });
    await expect(db.auditEvent.update({ where: { seq }, data: { action: "user.reset" } })).rejects.toThrow(/append-only|permission denied/); // the trigger (owner) or the missing grant (runtime role)
    await expect(db.auditEvent.delete({ where: { seq } })).rejects.toThrow(/append-only|permission denied/);
    const again = await db.auditEvent.findUnique({ where: { seq } });
    expect(again?.action).toBe("auth.sign_out");
  });
});
