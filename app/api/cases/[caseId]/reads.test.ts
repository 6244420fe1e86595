import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { newTestDeadline } from "@/lib/testing/calendar-fixtures";
import { addTestMember, newOrg, newUser, openTestCase, removeTestMember, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { callRouteAs, type RouteHandler } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { insertConsentedTestimony } from "@/lib/testing/testimony-fixtures";
import * as bundles from "./bundles/route";
import * as deadlines from "./deadlines/route";
import * as evidence from "./evidence/route";
import * as uploads from "./evidence/uploads/route";
import * as profile from "./profile/[version]/route";
import * as testimonies from "./testimonies/route";
import * as testimonyVersion from "./testimonies/[testimonyId]/versions/[version]/route";

// The case tabs' reads as GETs (issue 15, "reads as reads"), swept the way
// the outside tests swept the server actions: every read answers a member
// with no-store JSON; the outsider, the removed member
// and a non-canonical id get the same 404 as a case that does not exist,
// with no ciphertext in it; nobody signed in gets 401. (An item's custody
// has the same sweep with a real item in lib/evidence/evidence.test.ts.)

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { kind } = withTestDatabase();

type Params = Record<string, string>;
type Handler = RouteHandler<Params>;

let lead: TestUser;
let outsider: TestUser;
let removed: TestUser;
let kase: TestCase;
let testimonyId: string;
/** Each read: its handler, its params beyond the case id, and what a member must find in the answer. */
let reads: { name: string; handler: Handler; params: Params; expect: (body: unknown) => void }[];

beforeAll(async () => {
  const orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
  outsider = await newUser(orgId, "lawyer");
  removed = await newUser(orgId, "caseworker");
  kase = await openTestCase(lead);
  await addTestMember(kase, removed, "member");
  await removeTestMember(kase, removed);
  testimonyId = await insertConsentedTestimony(kase);
  const deadline = await newTestDeadline(kase);
  reads = [
    { name: "testimonies", handler: testimonies.GET as Handler, params: {}, expect: (b) => expect(JSON.stringify(b)).toContain(testimonyId) },
    { name: "testimony version", handler: testimonyVersion.GET as Handler, params: { testimonyId, version: "1" }, expect: (b) => expect(b).toMatchObject({ id: testimonyId, version: 1, type: "testimony" }) },
    { name: "profile version", handler: profile.GET as Handler, params: { version: "1" }, expect: (b) => expect(b).toMatchObject({ id: kase.profileId, version: 1, type: "person_profile" }) },
    { name: "deadlines", handler: deadlines.GET as Handler, params: {}, expect: (b) => expect((b as { id: string }[]).map((d) => d.id)).toEqual([deadline.id]) },
    { name: "evidence", handler: evidence.GET as Handler, params: {}, expect: (b) => expect(b).toMatchObject({ evidence: [] }) },
    { name: "my uploads", handler: uploads.GET as Handler, params: {}, expect: (b) => expect(b).toEqual([]) },
    { name: "bundles", handler: bundles.GET as Handler, params: {}, expect: (b) => expect(b).toEqual([]) },
  ];
});

const get = (who: TestUser | null, read: (typeof reads)[number], caseId = kase.caseId) => callRouteAs(session, who, read.handler, `/api/cases/${caseId}/${read.name}`, { caseId, ...read.params });

const inbox = async (who: TestUser) => (await getDb()).auditInbox.count({ where: { actorId: who.actor.userId } });

describe(`the case tabs' reads as GET (${kind})`, () => {
  it("answer a member with the data, as uncacheable JSON", async () => {
    for (const read of reads) {
      const response = await get(lead, read);
      const body: unknown = await response.json();
      expect(response.status, `${read.name}: ${JSON.stringify(body)}`).toBe(200);
      expect(response.headers.get("cache-control"), read.name).toBe("no-store");
      read.expect(body);
    }
  });

  it("answer the outsider and the removed member exactly as a case that does not exist, with nothing sealed in it", async () => {
    for (const who of [outsider, removed]) {
      const before = await inbox(who);
      for (const read of reads) {
        for (const caseId of [kase.caseId, randomUUID()]) {
          const response = await get(who, read, caseId);
          const text = await response.text();
          expect(response.status, `${read.name} as ${who === outsider ? "outsider" : "removed"}`).toBe(404);
          expect(JSON.parse(text)).toEqual({ error: "not_found" });
          expect(text).not.toContain("contentSealed");
        }
      }
      // Only refusals were recorded (at most one a read), never a content read.
      expect(await (await getDb()).auditInbox.count({ where: { actorId: who.actor.userId, action: { not: "policy.refused" } } })).toBe(0);
      expect(await inbox(who)).toBeGreaterThan(before);
    }
  });

  it("answer a non-canonical case id, testimony id or version 404, and nobody signed in 401", async () => {
    const testimonyRead = reads.find((r) => r.name === "testimony version")!;
    const profileRead = reads.find((r) => r.name === "profile version")!;
    const bad: [(typeof reads)[number], Params][] = [
      [testimonyRead, { testimonyId: testimonyId.toUpperCase(), version: "1" }],
      [testimonyRead, { testimonyId, version: "01" }],
      [testimonyRead, { testimonyId, version: "1e0" }],
      [profileRead, { version: "0" }],
      [profileRead, { version: "-1" }],
      [profileRead, { version: "2" }],
    ];
    for (const [read, params] of bad) {
      const response = await get(lead, { ...read, params });
      expect(response.status, JSON.stringify(params)).toBe(404);
    }
    expect((await get(lead, reads[0]!, kase.caseId.toUpperCase())).status).toBe(404);
    for (const read of reads) expect((await get(null, read)).status, read.name).toBe(401);
  });
});
