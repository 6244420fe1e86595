import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import type { CaseList } from "@/lib/cases/schema";
import { getDb } from "@/lib/db/client";
import { addTestMember, newOrg, newUser, openTestCase, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { callRouteAs } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { GET } from "./route";

// The keys, chain and profile of named cases, for a browser that does not
// hold them opened yet (lib/cases/opened-cases.ts): only cases the caller is
// on, whatever ids they name; the policy door, validation and no-store as
// for every read; called as Next calls the handler, the session read mocked.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { kind } = withTestDatabase();

let lead: TestUser;
let caseworker: TestUser;
let theirs: TestCase;
let shared: TestCase;

beforeAll(async () => {
  const orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
  caseworker = await newUser(orgId, "caseworker");
  theirs = await openTestCase(lead);
  shared = await openTestCase(lead);
  await addTestMember(shared, caseworker, "member");
});

const get = (as: TestUser | null, ids: string | null) => callRouteAs(session, as, GET, `/api/cases/summaries${ids === null ? "" : `?${new URLSearchParams({ ids })}`}`, {});

const reads = async (user: TestUser) => (await getDb()).auditInbox.count({ where: { actorId: user.actor.userId, action: "case.list_read" } });

describe(`GET /api/cases/summaries (${kind})`, () => {
  it("gives the keys, chain and latest profile of the named cases the caller is on, as uncacheable JSON, and records the read", async () => {
    const before = await reads(lead);
    const response = await get(lead, `${theirs.caseId},${shared.caseId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const list = (await response.json()) as CaseList;
    expect(list.cases.map((c) => c.id).sort()).toEqual([theirs.caseId, shared.caseId].sort());
    const one = list.cases.find((c) => c.id === theirs.caseId)!;
    expect(one.myGrants.map((g) => g.recipientId)).toEqual([lead.actor.userId]);
    expect(one.chain.length).toBeGreaterThan(0);
    // What the list shows of the person: the label, not the whole profile.
    expect(one.personLabel).toMatchObject({ id: theirs.labelId, type: "person_label", version: 1 });
    expect(one.profile).toBeNull();
    expect(await reads(lead)).toBe(before + 1);
  });

  it("leaves out a case the caller is not on, and one that does not exist: naming an id gets nothing of it", async () => {
    const response = await get(caseworker, `${theirs.caseId},${shared.caseId},${randomUUID()}`);
    expect(response.status).toBe(200);
    const list = (await response.json()) as CaseList;
    expect(list.cases.map((c) => c.id)).toEqual([shared.caseId]);
    expect(list.cases[0]!.myGrants.every((g) => g.recipientId === caseworker.actor.userId)).toBe(true);
    expect(JSON.stringify(list)).not.toContain(theirs.caseId);
  });

  it("answers an anonymous caller 401 and records nothing", async () => {
    const before = await (await getDb()).auditInbox.count();
    const response = await get(null, theirs.caseId);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthenticated" });
    expect(await (await getDb()).auditInbox.count()).toBe(before);
  });

  it("answers malformed ids 400 with the reason, and records no read", async () => {
    const before = await reads(lead);
    const bad: [string | null, string][] = [
      [null, "summaries.ids"],
      ["", "summaries.ids"],
      [theirs.caseId.toUpperCase(), "summaries.ids"],
      [`${theirs.caseId},${theirs.caseId}`, "summaries.ids"],
      [`${theirs.caseId},`, "summaries.ids"],
      [Array.from({ length: 101 }, () => randomUUID()).join(","), "summaries.tooMany"],
    ];
    for (const [ids, reason] of bad) {
      const response = await get(lead, ids);
      expect(response.status, String(ids)).toBe(400);
      expect(await response.json(), String(ids)).toEqual({ error: "invalid_input", reason });
    }
    expect(await reads(lead)).toBe(before);
  });
});
