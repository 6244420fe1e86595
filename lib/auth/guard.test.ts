import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Actor } from "@/lib/auth/policy";
import { sealAuditInbox } from "@/lib/audit/actions/sealer";
import { getDb } from "@/lib/db/client";
import { newOrg, newUser, openTestCase, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { guardCasePage, guardedAction, guardedCaseAction, guardedCaseRoute, guardedRoute } from "./guard";

// The policy door attacked as the outside request matrix did: malformed case
// ids, cross-site writes, and the order of session check and input parsing.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));
const navigation = vi.hoisted(() => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));
vi.mock("next/navigation", () => navigation);

const { kind } = withTestDatabase();

let lead: TestUser;
let kase: TestCase;

beforeAll(async () => {
  const orgId = await newOrg();
  lead = await newUser(orgId, "coordinator");
  kase = await openTestCase(lead);
});

/** Events in the chain and in the inbox (where reads and refusals wait to be chained). */
const auditCount = async () => {
  const db = await getDb();
  return (await db.auditEvent.count()) + (await db.auditInbox.count());
};

/** A schema that records whether it ran: the door must not parse for an anonymous caller or a bad id. */
function spySchema() {
  const parsed = { count: 0 };
  const schema = z.object({ caseId: z.uuid(), body: z.string() }).transform((v) => {
    parsed.count++;
    return v;
  });
  return { schema, parsed };
}

const malformed = (caseId: string) => [caseId.toUpperCase(), `${caseId.slice(0, 35)}\u0000`, `${caseId}\u0000`, "not-a-uuid", "", `{${caseId}}`];

describe(`the policy door (${kind})`, () => {
  it("guardedCaseAction checks the session before it parses the input", async () => {
    const { schema, parsed } = spySchema();
    const ran = vi.fn(async () => "ran");
    const action = guardedCaseAction("case.read", schema, ran);
    session.actor = null;
    expect(await action({ caseId: kase.caseId, body: "x".repeat(1000) })).toEqual({ ok: false, error: "unauthenticated" });
    expect(parsed.count).toBe(0);
    session.actor = lead.actor;
    expect(await action({ caseId: kase.caseId, body: "hi" })).toEqual({ ok: true, data: "ran" });
    expect(parsed.count).toBe(1);
  });

  it("guardedAction checks the session before it parses the input", async () => {
    const parsed = { count: 0 };
    const schema = z.object({ x: z.string() }).transform((v) => (parsed.count++, v));
    const action = guardedAction("cases.list", schema, async () => "ran");
    session.actor = null;
    expect(await action({ x: "y" })).toEqual({ ok: false, error: "unauthenticated" });
    expect(parsed.count).toBe(0);
  });

  it("a malformed case id is not found for actions, routes and pages — before any query, audit append or parse", async () => {
    session.actor = lead.actor;
    const { schema, parsed } = spySchema();
    const ran = vi.fn(async () => new Response("ran"));
    const action = guardedCaseAction("case.read", schema, async () => "ran");
    const route = guardedCaseRoute("case.read", ran);
    const before = await auditCount();
    for (const caseId of malformed(kase.caseId)) {
      expect(await action({ caseId, body: "x" }), JSON.stringify(caseId)).toEqual({ ok: false, error: "not_found" });
      const response = await route(new Request("http://localhost/api/x"), { params: Promise.resolve({ caseId }) });
      expect(response.status, JSON.stringify(caseId)).toBe(404);
      await expect(guardCasePage("case.read", caseId)).rejects.toThrow("NEXT_NOT_FOUND");
    }
    expect(parsed.count).toBe(0);
    expect(ran).not.toHaveBeenCalled();
    // Refused before the door's own "policy.refused" event (its inbox row): nothing a malformed id could break.
    expect(await auditCount()).toBe(before);
  });

  it("a non-member's refusals reach the audit log at most 20 a minute; the next one recorded says how many were left out", async () => {
    const stranger = await newUser(lead.actor.orgId, "caseworker");
    session.actor = stranger.actor;
    const action = guardedCaseAction("case.read", z.object({ caseId: z.uuid() }), async () => "ran");
    const refusals = async () => {
      await sealAuditInbox();
      return (await getDb()).auditEvent.findMany({ where: { actorId: stranger.actor.userId, action: "policy.refused" }, orderBy: { seq: "asc" } });
    };
    for (let i = 0; i < 50; i++) expect(await action({ caseId: kase.caseId })).toEqual({ ok: false, error: "not_found" });
    const recorded = await refusals();
    expect(recorded).toHaveLength(20);
    expect(recorded[0]!.data).toEqual({ policyAction: "case.read", requestedCaseId: kase.caseId });
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ["Date"] });
    try {
      expect(await action({ caseId: kase.caseId })).toEqual({ ok: false, error: "not_found" });
    } finally {
      vi.useRealTimers();
    }
    const after = await refusals();
    expect(after).toHaveLength(21);
    expect(after[20]!.data).toEqual({ policyAction: "case.read", requestedCaseId: kase.caseId, suppressed: 30 });
  });

  it("any other malformed …Id parameter of a case route, or id segment of a case page, is not found", async () => {
    session.actor = lead.actor;
    const ran = vi.fn(async () => new Response("ran"));
    const route = guardedCaseRoute<{ caseId: string; evidenceId: string }>("case.read", ran);
    for (const evidenceId of malformed(randomUUID())) {
      const response = await route(new Request("http://localhost/api/x"), { params: Promise.resolve({ caseId: kase.caseId, evidenceId }) });
      expect(response.status).toBe(404);
      await expect(guardCasePage("case.read", kase.caseId, evidenceId)).rejects.toThrow("NEXT_NOT_FOUND");
    }
    expect(ran).not.toHaveBeenCalled();
    const ok = await route(new Request("http://localhost/api/x"), { params: Promise.resolve({ caseId: kase.caseId, evidenceId: randomUUID() }) });
    expect(ok.status).toBe(200);
    await expect(guardCasePage("case.read", kase.caseId, randomUUID())).resolves.toMatchObject({ caseRole: "lead" });
  });

  it("route handlers refuse a cross-site write with 403 before the session or the handler, and let reads and the app's own writes through", async () => {
    session.actor = lead.actor;
    const ran = vi.fn(async () => new Response(null, { status: 204 }));
    const quickExit = guardedRoute("auth.quick_exit", ran);
    const caseRoute = guardedCaseRoute("case.read", ran);
    const routes = [
      (request: Request) => quickExit(request, { params: Promise.resolve({}) }),
      (request: Request) => caseRoute(request, { params: Promise.resolve({ caseId: kase.caseId }) }),
    ];
    const origin = process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : "http://localhost";
    // A real request always carries Host (HTTP/1.1); the check falls back to it when NEXTAUTH_URL is unset.
    const req = (method: string, headers: Record<string, string>) => new Request(`${origin}/api/x`, { method, headers: { host: new URL(origin).host, ...headers } });
    for (const route of routes) {
      ran.mockClear();
      for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
        const response = await route(req(method, { origin: "https://evil.example", "sec-fetch-site": "cross-site" }));
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({ error: "cross_site" });
        expect((await route(req(method, { "sec-fetch-site": "same-site" }))).status).toBe(403);
      }
      expect(ran).not.toHaveBeenCalled();
      expect((await route(req("GET", { "sec-fetch-site": "cross-site" }))).status).toBe(204);
      expect((await route(req("POST", { origin, "sec-fetch-site": "same-origin" }))).status).toBe(204);
    }
  });
});
