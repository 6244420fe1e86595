import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { OrgRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { visibleCaseWhere, visibleCasesWhere } from "./access";

withTestDatabase();

async function world() {
  const db = await getDb();
  const orgA = await db.organisation.create({ data: { name: "A" } });
  const orgB = await db.organisation.create({ data: { name: "B" } });
  const user = (orgId: string, role: "coordinator" | "caseworker") =>
    db.user.create({ data: { orgId, role, email: `${randomUUID()}@x.test`, displayName: "x" } });
  const [member, outsider, otherOrg] = [await user(orgA.id, "coordinator"), await user(orgA.id, "caseworker"), await user(orgB.id, "coordinator")];
  const kase = await db.case.create({
    data: { id: randomUUID(), orgId: orgA.id, reference: `CV-${randomUUID().slice(0, 9)}`, createdById: member.id, members: { create: { userId: member.id, role: "lead", addedById: member.id } } },
  });
  // A case in the other organisation in which, by a data error, our member is listed: still invisible to them.
  const foreign = await db.case.create({
    data: { id: randomUUID(), orgId: orgB.id, reference: `CV-${randomUUID().slice(0, 9)}`, createdById: otherOrg.id, members: { create: [{ userId: otherOrg.id, role: "lead", addedById: otherOrg.id }, { userId: member.id, role: "member", addedById: otherOrg.id }] } },
  });
  const actor = (u: { id: string; orgId: string; role: OrgRole }) => ({ userId: u.id, orgId: u.orgId, role: u.role });
  return { db, kase, foreign, member: actor(member), outsider: actor(outsider), otherOrg: actor(otherOrg) };
}

describe("case where-builder", () => {
  it("shows a case to its member only", async () => {
    const { db, kase, member, outsider, otherOrg } = await world();
    expect(await db.case.findFirst({ where: visibleCaseWhere(member, kase.id) })).not.toBeNull();
    expect(await db.case.findFirst({ where: visibleCaseWhere(outsider, kase.id) })).toBeNull();
    expect(await db.case.findFirst({ where: visibleCaseWhere(otherOrg, kase.id) })).toBeNull();
  });

  it("never crosses organisations, even with a stray membership", async () => {
    const { db, foreign, member } = await world();
    expect(await db.case.findFirst({ where: visibleCaseWhere(member, foreign.id) })).toBeNull();
    const listed = await db.case.findMany({ where: visibleCasesWhere(member) });
    expect(listed.map((c) => c.id)).not.toContain(foreign.id);
  });

  it("lists exactly the member's cases", async () => {
    const { db, kase, member, outsider } = await world();
    expect((await db.case.findMany({ where: visibleCasesWhere(member) })).map((c) => c.id)).toEqual([kase.id]);
    expect(await db.case.findMany({ where: visibleCasesWhere(outsider) })).toEqual([]);
  });
});
