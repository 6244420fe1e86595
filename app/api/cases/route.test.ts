import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import type { CasePage } from "@/lib/cases/schema";
import { getDb } from "@/lib/db/client";
import { addTestMember, newOrg, newUser, openTestCase, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { callRouteAs } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { GET } from "./route";

// The case list as a read (issue 15): pages with an exact count and a
// cursor, filters on the server, nothing of a case the caller is not on,
// and no name or profile (the browser opens those). Called as Next calls
// the handler, the session read mocked.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { kind } = withTestDatabase();

let lead: TestUser;
let caseworker: TestUser;
let outsider: TestUser;
const cases: TestCase[] = [];

beforeAll(async () => {
  const orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
  caseworker = await newUser(orgId, "caseworker");
  outsider = await newUser(orgId, "lawyer");
  for (let i = 0; i < 7; i++) cases.push(await openTestCase(lead));
  await addTestMember(cases[2]!, caseworker, "member");
  await addTestMember(cases[5]!, caseworker, "reviewer");
  await (await getDb()).case.update({ where: { id: cases[4]!.caseId }, data: { state: "proceedings" } });
});

const get = (as: TestUser | null, query: Record<string, string> = {}) => callRouteAs(session, as, GET, `/api/cases?${new URLSearchParams(query)}`, {});

async function page(as: TestUser, query: Record<string, string> = {}): Promise<CasePage> {
  const response = await get(as, query);
  expect(response.status, JSON.stringify(query)).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return (await response.json()) as CasePage;
}

describe(`GET /api/cases (${kind})`, () => {
  it("pages through the caller's cases, most recently changed first: each once, the same exact count on every page", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const body: CasePage = await page(lead, { limit: "3", ...(after ? { after } : {}) });
      expect(body.total).toBe(7);
      seen.push(...body.cases.map((c) => c.id));
      after = body.next;
      if (!after) break;
    }
    expect(after).toBeNull();
    expect(seen).toHaveLength(7);
    expect([...seen].sort()).toEqual(cases.map((c) => c.caseId).sort());
    // The one changed last (its state set above) comes first.
    expect(seen[0]).toBe(cases[4]!.caseId);
  });

  it("names each case by what the list shows and what decides whether the browser holds its keys: no name, no keys, no profile", async () => {
    const body = await page(lead, { limit: "1" });
    const text = JSON.stringify(body);
    expect(Object.keys(body.cases[0]!).sort()).toEqual(["chainHead", "currentEpoch", "id", "myRole", "profileVersion", "reference", "state", "updatedAt"]);
    expect(body.cases[0]).toMatchObject({ myRole: "lead", currentEpoch: 1, profileVersion: 1, chainHead: expect.stringMatching(/^1:[0-9a-f]{64}$/) });
    for (const kase of cases) expect(text).not.toContain(kase.profile.fullName);
  });

  it("filters by state and by the caller's role on the server, and counts what is left", async () => {
    expect((await page(lead, { state: "proceedings" })).cases.map((c) => c.id)).toEqual([cases[4]!.caseId]);
    const asMember = await page(caseworker, { role: "member" });
    expect(asMember).toMatchObject({ total: 1, next: null });
    expect(asMember.cases.map((c) => [c.id, c.myRole])).toEqual([[cases[2]!.caseId, "member"]]);
    expect((await page(caseworker)).total).toBe(2);
  });

  it("gives someone on none of the cases an empty list", async () => {
    expect(await page(outsider)).toEqual({ total: 0, cases: [], next: null });
  });

  it("answers anonymous 401 and a malformed query 400 with its reason", async () => {
    expect((await get(null)).status).toBe(401);
    const bad: [Record<string, string>, string][] = [
      [{ state: "archived" }, "cases.state"],
      [{ role: "owner" }, "cases.role"],
      [{ after: "yesterday" }, "cases.cursor"],
      [{ limit: "0" }, "cases.limit"],
      [{ limit: "201" }, "cases.limit"],
    ];
    for (const [query, reason] of bad) {
      const response = await get(lead, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_input", reason });
    }
  });
});
