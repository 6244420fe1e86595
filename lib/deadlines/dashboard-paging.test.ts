import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { newOrg, newUser, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { listDashboardPage } from "./queries";
import { timeIdCursorSchema, type TimeIdCursor } from "@/lib/paging/cursor";
import { deadlineKinds } from "./schema";

// Issue 15, "nothing is silently dropped": a coordinator on 10,000 cases.
// The rows are inserted directly (this is about the query, not the crypto:
// the details are random bytes the server cannot tell from ciphertext).
// Many rows share a due instant, so the cursor's tie-break by id is used.

const { kind } = withTestDatabase();

const CASES = 10_000;
const DAY = 86_400_000;
const base = Date.UTC(2032, 0, 1, 9);
/** Seven due instants for 20,000 rows: thousands of ties each. */
const dueAt = (i: number) => new Date(base + (i % 7) * DAY);

let coordinator: TestUser;
let bystander: TestUser;

beforeAll(async () => {
  const db = await getDb();
  const orgId = await newOrg();
  coordinator = await newUser(orgId, "coordinator");
  bystander = await newUser(orgId, "coordinator");
  const me = coordinator.actor.userId;
  const cases = Array.from({ length: CASES }, (_, i) => ({ id: randomUUID(), orgId, reference: `CV-PAGE-${i}-${randomUUID().slice(0, 8)}`, createdById: me }));
  const deadlines = cases.flatMap((c, i) => [
    { id: randomUUID(), caseId: c.id, kind: deadlineKinds[i % deadlineKinds.length]!, dueAt: dueAt(i), detailsVersion: 1, createdById: me, status: "open" as const },
    { id: randomUUID(), caseId: c.id, kind: "hearing" as const, dueAt: dueAt(i + 3), detailsVersion: 1, createdById: me, status: "done" as const },
  ]);
  for (let i = 0; i < cases.length; i += 2_000) {
    const slice = cases.slice(i, i + 2_000);
    await db.case.createMany({ data: slice });
    await db.caseMember.createMany({ data: slice.map((c) => ({ caseId: c.id, userId: me, role: "lead" as const, addedById: me })) });
  }
  for (let i = 0; i < deadlines.length; i += 2_000) {
    const slice = deadlines.slice(i, i + 2_000);
    await db.caseRecord.createMany({ data: slice.map((d) => ({ id: d.id, version: 1, caseId: d.caseId, type: "deadline_details", epoch: 1, authorId: me, contentSealed: randomBytes(48), size: 48 })) });
    await db.deadline.createMany({ data: slice });
  }
}, 300_000);

describe(`dashboard paging over ${CASES.toLocaleString("en")} cases (${kind})`, () => {
  it("counts every open row exactly, and the pages reach each one once, in order, with its case named", async () => {
    const query = { to: new Date(base + 30 * DAY), open: true, limit: 200 };
    const seen = new Set<string>();
    let previous: { dueAt: string; id: string } | null = null;
    let after: TimeIdCursor | undefined;
    let pages = 0;
    for (;;) {
      const page = await listDashboardPage(coordinator.actor, { ...query, after });
      pages++;
      expect(page.total).toBe(CASES);
      expect(page.deadlines.length).toBe(Math.min(200, CASES - seen.size));
      const named = new Set(page.cases.map((c) => c.id));
      for (const row of page.deadlines) {
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
        expect(row.status).toBe("open");
        expect(named.has(row.caseId)).toBe(true);
        if (previous) expect(row.dueAt > previous.dueAt || (row.dueAt === previous.dueAt && row.id > previous.id)).toBe(true);
        previous = row;
      }
      if (!page.next) break;
      after = timeIdCursorSchema("cursor").parse(page.next);
    }
    expect(seen.size).toBe(CASES);
    expect(pages).toBe(CASES / 200);
  }, 300_000);

  it("a filter narrows the count to what it leaves, and someone on none of the cases sees nothing of them", async () => {
    const hearings = await listDashboardPage(coordinator.actor, { to: new Date(base + 30 * DAY), open: true, limit: 50, kind: "hearing" });
    expect(hearings.total).toBe(Math.ceil(CASES / deadlineKinds.length));
    expect(hearings.deadlines.every((d) => d.kind === "hearing")).toBe(true);
    const oneDay = await listDashboardPage(coordinator.actor, { from: dueAt(2), to: new Date(dueAt(2).getTime() + 1), open: false, limit: 50 });
    // Day 2 holds the open rows of i ≡ 2 and the done rows of i ≡ 6 (mod 7).
    const count = (r: number) => Array.from({ length: CASES }, (_, i) => i).filter((i) => i % 7 === r).length;
    expect(oneDay.total).toBe(count(2) + count(6));
    const none = await listDashboardPage(bystander.actor, { to: new Date(base + 30 * DAY), open: true, limit: 50 });
    expect(none).toMatchObject({ total: 0, deadlines: [], cases: [], next: null });
  }, 120_000);
});
