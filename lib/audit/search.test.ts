import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { newOrg, newUser, openTestCase, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { recordAuditEvent } from "./actions";
import { AUDIT_PAGE_SIZE, parseAuditFilter } from "./filter";
import { searchAuditEvents } from "./queries";

const { kind } = withTestDatabase();

// The Audit page's query: filters, exact totals and pages. Every test looks
// at the events of a fresh user, so other files' events (one shared
// PostgreSQL database) never change a count here.

let other: TestUser;
let first: TestCase;
let second: TestCase;
let day: string;

const filter = (query: Record<string, string>) => parseAuditFilter(query);

describe(`audit search (${kind})`, () => {
  beforeAll(async () => {
    await getDb();
    const orgId = await newOrg();
    const lead = await newUser(orgId, "coordinator");
    other = await newUser(orgId, "caseworker");
    first = await openTestCase(lead);
    second = await openTestCase(lead);
    for (let i = 0; i < 60; i++) await recordAuditEvent({ actorId: other.actor.userId, caseId: first.caseId, action: "case.content_read", data: { part: "case" } });
    for (let i = 0; i < 3; i++) await recordAuditEvent({ actorId: other.actor.userId, action: "auth.sign_in", data: { factor: "totp" } });
    const last = await recordAuditEvent({ actorId: other.actor.userId, caseId: second.caseId, action: "evidence.uploaded", data: { evidenceId: first.profileId, size: 10, parts: 1 } });
    await recordAuditEvent({ actorId: other.actor.userId, caseId: second.caseId, action: "evidence.viewed", data: {} });
    const row = await (await getDb()).auditEvent.findUniqueOrThrow({ where: { seq: last.seq } });
    day = row.at.toISOString().slice(0, 10);
  }, 120_000);

  it("counts exactly and pages 50 at a time, newest first", async () => {
    const one = await searchAuditEvents(filter({ actor: other.actor.userId }));
    expect(one.total).toBe(65);
    expect(one.pageCount).toBe(2);
    expect(one.page).toBe(1);
    expect(one.events).toHaveLength(AUDIT_PAGE_SIZE);
    expect(one.events[0]!.action).toBe("evidence.viewed");
    const seqs = one.events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => (a < b ? 1 : -1))).toEqual(seqs);

    const two = await searchAuditEvents(filter({ actor: other.actor.userId, page: "2" }));
    expect(two.page).toBe(2);
    expect(two.events).toHaveLength(15);
    expect(two.events[0]!.seq).toBeLessThan(one.events.at(-1)!.seq);
    expect(new Set([...one.events, ...two.events].map((e) => e.seq)).size).toBe(65);

    // Past the end: the last page, not an empty one.
    const beyond = await searchAuditEvents(filter({ actor: other.actor.userId, page: "99" }));
    expect(beyond.page).toBe(2);
    expect(beyond.events.map((e) => e.seq)).toEqual(two.events.map((e) => e.seq));
  });

  it("filters by kind: the action group", async () => {
    const count = async (kind: string) => (await searchAuditEvents(filter({ actor: other.actor.userId, kind }))).total;
    expect(await count("case_read")).toBe(60);
    expect(await count("sign_in")).toBe(3);
    expect(await count("evidence")).toBe(2);
    expect(await count("bundle")).toBe(0);
    // An unknown kind is no filter at all.
    expect(await count("nonsense")).toBe(65);
  });

  it("filters by case reference, whole or part, any case", async () => {
    const whole = await searchAuditEvents(filter({ actor: other.actor.userId, case: first.reference }));
    expect(whole.caseMatch).toBe("some");
    expect(whole.total).toBe(60);
    expect(whole.references.get(first.caseId)).toBe(first.reference);
    expect(whole.events.every((e) => e.caseId === first.caseId)).toBe(true);

    const part = await searchAuditEvents(filter({ actor: other.actor.userId, case: second.reference.slice(3).toLowerCase() }));
    expect(part.total).toBe(2);
    expect(part.references.get(second.caseId)).toBe(second.reference);

    const none = await searchAuditEvents(filter({ case: "ZZZZ-NO-SUCH-CASE" }));
    expect(none.caseMatch).toBe("none");
    expect(none.total).toBe(0);
    expect(none.events).toEqual([]);
  });

  it("filters by date range (whole UTC days, `to` included)", async () => {
    const shift = (days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const total = async (range: Record<string, string>) => (await searchAuditEvents(filter({ actor: other.actor.userId, ...range }))).total;
    expect(await total({ from: day, to: day })).toBe(65);
    expect(await total({ from: shift(-1) })).toBe(65);
    expect(await total({ to: shift(-1) })).toBe(0);
    expect(await total({ from: shift(1) })).toBe(0);
  });

  it("combines filters", async () => {
    const result = await searchAuditEvents(filter({ actor: other.actor.userId, kind: "evidence", case: second.reference, from: day, to: day }));
    expect(result.total).toBe(2);
    expect(result.events.map((e) => e.action)).toEqual(["evidence.viewed", "evidence.uploaded"]);
  });
});
