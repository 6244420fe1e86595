import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import type { DashboardPage } from "@/lib/deadlines/schema";
import { daysFromNow, newTestDeadline, type TestDeadline } from "@/lib/testing/calendar-fixtures";
import { addTestMember, newOrg, newUser, openTestCase, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { callRouteAs } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { GET } from "./route";

// The dashboard's data as a GET (issue 15, "reads as reads"): the policy
// door, the case where-builder, the query's validation and no-store —
// called as Next calls the handler, with the session read mocked.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { kind } = withTestDatabase();

let coordinator: TestUser;
let caseworker: TestUser;
/** The coordinator's own case, the caseworker not on it. */
let theirs: TestCase;
/** A case the caseworker is on. */
let shared: TestCase;
let onTheirs: TestDeadline;
let onShared: TestDeadline;

beforeAll(async () => {
  const orgId = await newOrg();
  coordinator = await newUser(orgId, "coordinator");
  caseworker = await newUser(orgId, "caseworker");
  theirs = await openTestCase(coordinator);
  shared = await openTestCase(coordinator);
  await addTestMember(shared, caseworker, "member");
  onTheirs = await newTestDeadline(theirs, { dueAt: daysFromNow(3) });
  onShared = await newTestDeadline(shared, { dueAt: daysFromNow(5) });
});

/** The urgency list's widest question: every open deadline due within 30 days, overdue ones included. */
const month = () => ({ to: daysFromNow(30).toISOString(), open: "1" });

const get = (as: TestUser | null, query: Record<string, string>) => callRouteAs(session, as, GET, `/api/dashboard?${new URLSearchParams(query)}`, {});

const readEvents = async (user: TestUser) => (await getDb()).auditInbox.count({ where: { actorId: user.actor.userId, action: "deadline.dashboard_read" } });

describe(`GET /api/dashboard (${kind})`, () => {
  it("gives a signed-in coordinator the rows of their cases, sealed, with the cases' keys, as uncacheable JSON; the read is recorded", async () => {
    const before = await readEvents(coordinator);
    const response = await get(coordinator, month());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.text();
    const board = JSON.parse(body) as DashboardPage;
    expect(board.deadlines.map((d) => d.id).sort()).toEqual([onTheirs.id, onShared.id].sort());
    expect(board.cases.map((c) => c.id).sort()).toEqual([theirs.caseId, shared.caseId].sort());
    expect(board.deadlines.find((d) => d.id === onTheirs.id)?.details?.contentSealed).toBe(onTheirs.sealed.contentSealed);
    // The server holds ciphertext only: nothing typed into the details is in the answer.
    expect(body).not.toContain(onTheirs.marker);
    expect(await readEvents(coordinator)).toBe(before + 1);
  });

  it("the calendar window (open=0) lists only what is due in [from, to)", async () => {
    const response = await get(coordinator, { from: daysFromNow(4).toISOString(), to: daysFromNow(6).toISOString(), open: "0" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as DashboardPage).deadlines.map((d) => d.id)).toEqual([onShared.id]);
  });

  it("does not give a caseworker the deadlines, keys or profile of a case they are not on", async () => {
    const response = await get(caseworker, month());
    expect(response.status).toBe(200);
    const board = (await response.json()) as DashboardPage;
    expect(board.deadlines.map((d) => d.id)).toEqual([onShared.id]);
    expect(board.cases.map((c) => c.id)).toEqual([shared.caseId]);
    expect(JSON.stringify(board)).not.toContain(theirs.caseId);
  });

  it("answers an anonymous caller 401, before the query is looked at, and records nothing", async () => {
    const before = await (await getDb()).auditInbox.count();
    for (const query of [month(), { from: "garbage" }]) {
      const response = await get(null, query);
      expect(response.status).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toEqual({ error: "unauthenticated" });
    }
    expect(await (await getDb()).auditInbox.count()).toBe(before);
  });

  it("answers a malformed query 400 with the reason, and records no read", async () => {
    const before = await readEvents(coordinator);
    const { to } = month();
    const bad: [Record<string, string>, string][] = [
      [{ open: "0" }, "dashboard.range"],
      [{ from: "yesterday", to, open: "0" }, "dashboard.range"],
      [{ to: "2026-13-01T00:00:00Z", open: "1" }, "dashboard.range"],
      [{ to, open: "true" }, "dashboard.open"],
      [{ to }, "dashboard.open"],
      [{ to, open: "1", kind: "party" }, "dashboard.kind"],
      [{ to, open: "1", assignee: "me" }, "dashboard.assignee"],
      [{ to, open: "1", caseState: "archived" }, "dashboard.caseState"],
      [{ to, open: "1", after: "2026-01-01T00:00:00.000Z" }, "dashboard.cursor"],
      [{ to, open: "1", after: `2026-13-01T00:00:00.000Z_${coordinator.actor.userId}` }, "dashboard.cursor"],
      [{ to, open: "1", limit: "0" }, "dashboard.limit"],
      [{ to, open: "1", limit: "201" }, "dashboard.limit"],
      [{ to, open: "1", limit: "ten" }, "dashboard.limit"],
      // Well-formed, but without a start for every status, backwards, or longer than a month view (the query's own check).
      [{ to, open: "0" }, "dashboard.range"],
      [{ from: to, to: daysFromNow(-1).toISOString(), open: "0" }, "dashboard.range"],
      [{ from: daysFromNow(-60).toISOString(), to, open: "1" }, "dashboard.range"],
    ];
    for (const [query, reason] of bad) {
      const response = await get(coordinator, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json(), JSON.stringify(query)).toEqual({ error: "invalid_input", reason });
    }
    expect(await readEvents(coordinator)).toBe(before);
  });

  it("pages with the cursor it gives: each row once, the count the same on every page, no cursor after the last", async () => {
    const kase = await openTestCase(coordinator);
    const extra = [];
    for (let i = 0; i < 5; i++) extra.push(await newTestDeadline(kase, { dueAt: daysFromNow(40 + (i % 2)) }));
    const window = { from: daysFromNow(39).toISOString(), to: daysFromNow(42).toISOString(), open: "1", limit: "2" };
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const response = await get(coordinator, after ? { ...window, after } : window);
      expect(response.status).toBe(200);
      const page = (await response.json()) as DashboardPage;
      expect(page.total).toBe(5);
      seen.push(...page.deadlines.map((d) => d.id));
      after = page.next;
      if (!after) break;
    }
    expect(after).toBeNull();
    expect(seen.sort()).toEqual(extra.map((d) => d.id).sort());
  });
});
