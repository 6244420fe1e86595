import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import type { Dashboard } from "@/lib/deadlines/schema";
import { daysFromNow, newTestDeadline, type TestDeadline } from "@/lib/testing/calendar-fixtures";
import { addTestMember, newOrg, newUser, openTestCase, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
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

/** The page's own question: the next 30 days, plus every open overdue deadline. */
const month = () => ({ from: daysFromNow(-1).toISOString(), to: daysFromNow(30).toISOString(), overdue: "1" });

function get(as: TestUser | null, query: Record<string, string>): Promise<Response> {
  session.actor = as?.actor ?? null;
  return GET(new Request(`http://localhost/api/dashboard?${new URLSearchParams(query)}`), { params: Promise.resolve({}) });
}

const readEvents = async (user: TestUser) => (await getDb()).auditInbox.count({ where: { actorId: user.actor.userId, action: "deadline.dashboard_read" } });

describe(`GET /api/dashboard (${kind})`, () => {
  it("gives a signed-in coordinator the rows of their cases, sealed, with the cases' keys, as uncacheable JSON; the read is recorded", async () => {
    const before = await readEvents(coordinator);
    const response = await get(coordinator, month());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await response.text();
    const board = JSON.parse(body) as Dashboard;
    expect(board.deadlines.map((d) => d.id).sort()).toEqual([onTheirs.id, onShared.id].sort());
    expect(board.cases.map((c) => c.id).sort()).toEqual([theirs.caseId, shared.caseId].sort());
    expect(board.deadlines.find((d) => d.id === onTheirs.id)?.details.contentSealed).toBe(onTheirs.sealed.contentSealed);
    // The server holds ciphertext only: nothing typed into the details is in the answer.
    expect(body).not.toContain(onTheirs.marker);
    expect(await readEvents(coordinator)).toBe(before + 1);
  });

  it("the calendar window (overdue=0) lists only what is due in [from, to)", async () => {
    const response = await get(coordinator, { from: daysFromNow(4).toISOString(), to: daysFromNow(6).toISOString(), overdue: "0" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Dashboard).deadlines.map((d) => d.id)).toEqual([onShared.id]);
  });

  it("does not give a caseworker the deadlines, keys or profile of a case they are not on", async () => {
    const response = await get(caseworker, month());
    expect(response.status).toBe(200);
    const board = (await response.json()) as Dashboard;
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
    const { from, to } = month();
    const bad: [Record<string, string>, string][] = [
      [{ to, overdue: "0" }, "dashboard.range"],
      [{ from: "yesterday", to, overdue: "0" }, "dashboard.range"],
      [{ from, to: "2026-13-01T00:00:00Z", overdue: "0" }, "dashboard.range"],
      [{ from, to, overdue: "true" }, "dashboard.overdue"],
      [{ from, to }, "dashboard.overdue"],
      // Well-formed, but backwards or longer than a month view (listDashboard's own check).
      [{ from: to, to: from, overdue: "0" }, "dashboard.range"],
      [{ from: daysFromNow(-60).toISOString(), to, overdue: "1" }, "dashboard.range"],
    ];
    for (const [query, reason] of bad) {
      const response = await get(coordinator, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json(), JSON.stringify(query)).toEqual({ error: "invalid_input", reason });
    }
    expect(await readEvents(coordinator)).toBe(before);
  });
});
