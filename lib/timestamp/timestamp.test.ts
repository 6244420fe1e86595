/**
 * The TSA proxy (issue 13 point 5): POST /api/cases/{caseId}/timestamp
 * behind the policy door, against a local TSA (OpenSSL behind a loopback
 * handler, lib/bundles/testing/test-tsa.ts). Members who may upload or
 * export get a token over exactly their hash; anyone else the same 404 as a
 * case that does not exist; a malformed hash 400; no TSA configured a null
 * token; a TSA that is down a 503 naming it — and the upload's best-effort
 * stamp then gives null instead of stopping the upload.
 */
import { beforeAll, afterAll, describe, expect, it, vi } from "vitest";
import * as timestampRoute from "@/app/api/cases/[caseId]/timestamp/route";
import type { Actor } from "@/lib/auth/policy";
import { makeTestTsa, type TestTsa } from "@/lib/bundles/testing/test-tsa";
import { checkTimestamp, parseTsaCertificates, readTokenClaims } from "@/lib/bundles/verify/timestamp.mjs";
import { toBase64url, toHex } from "@/lib/crypto/encoding";
import { addTestMember, caseWithCaseworker, newUser, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { callRoute, callRouteAs } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { statementTimestamp } from "./timestamp-client";
import { TsaError, requestTimestamp } from "./tsa-client";

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));
const config = vi.hoisted(() => ({ url: null as string | null }));
vi.mock("@/lib/timestamp/config", () => ({ tsaUrl: () => config.url }));

withTestDatabase();

let tsa: TestTsa;
let url: string;
let kase: TestCase;
let caseworker: TestUser;
let reviewer: TestUser;
let outsider: TestUser;

const digest = () => crypto.getRandomValues(new Uint8Array(32));

function post(who: TestUser | null, body: unknown, caseId = kase.caseId) {
  return callRouteAs(session, who, timestampRoute.POST, `/api/cases/${caseId}/timestamp`, { caseId }, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The browser's fetch, answered by the route handler itself (as the signed-in session.actor). */
const routeFetcher = (): typeof fetch => (input, init) => timestampRoute.POST(new Request(`http://localhost${String(input)}`, init), { params: Promise.resolve({ caseId: kase.caseId }) });

beforeAll(async () => {
  tsa = await makeTestTsa("Proxy Test TSA");
  url = await tsa.serve();
  ({ kase, caseworker } = await caseWithCaseworker());
  // Same organisation: only case membership and role keep them out.
  const orgId = kase.lead.actor.orgId;
  outsider = await newUser(orgId, "lawyer");
  reviewer = await newUser(orgId, "caseworker");
  await addTestMember(kase, reviewer, "reviewer");
});

afterAll(async () => {
  await tsa?.close();
});

describe("the TSA client", () => {
  it("gets a token over exactly the hash, signed by the TSA", async () => {
    const hash = digest();
    const token = await requestTimestamp(url, hash);
    expect(readTokenClaims(toBase64url(token))?.sha256Hex).toBe(toHex(hash));
  });

  it("refuses a TSA that is down, unreachable or not a TSA", async () => {
    tsa.down = true;
    try {
      await expect(requestTimestamp(url, digest())).rejects.toThrow(new TsaError("the TSA answered HTTP 503"));
    } finally {
      tsa.down = false;
    }
    await expect(requestTimestamp("http://127.0.0.1:9/tsa", digest())).rejects.toBeInstanceOf(TsaError);
    await expect(requestTimestamp(url, new Uint8Array(20))).rejects.toThrow("a SHA-256 digest is 32 bytes");
  });
});

describe("POST /api/cases/{caseId}/timestamp", () => {
  it("gives a member who may upload a token over their hash", async () => {
    config.url = url;
    const data = crypto.getRandomValues(new Uint8Array(100));
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
    const response = await post(caseworker, { sha256: toBase64url(hash) });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { token } = (await response.json()) as { token: string };
    expect(readTokenClaims(token)?.sha256Hex).toBe(toHex(hash));
    // A real token: the verifier accepts it for those bytes, chained to the TSA's CA.
    expect(await checkTimestamp(token, data, parseTsaCertificates(tsa.caPem).certificates!)).toMatchObject({ status: "verified", tsa: "Proxy Test TSA" });
  });

  it("gives the case lead (coordinator) a token too", async () => {
    config.url = url;
    expect((await post(kase.lead, { sha256: toBase64url(digest()) })).status).toBe(200);
  });

  it("refuses a non-member, a member who may neither upload nor export, and nobody signed in, as for a case that does not exist", async () => {
    config.url = url;
    const body = { sha256: toBase64url(digest()) };
    for (const who of [outsider, reviewer]) {
      const response = await post(who, body);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not_found" });
    }
    expect((await post(caseworker, body, crypto.randomUUID())).status).toBe(404);
    expect((await post(null, body)).status).toBe(401);
  });

  it("refuses anything but one SHA-256", async () => {
    config.url = url;
    for (const body of [{ sha256: "abc" }, { sha256: toBase64url(new Uint8Array(33)) }, { sha256: toBase64url(digest()), caseName: "x" }, {}]) {
      const response = await post(caseworker, body);
      expect(response.status).toBe(400);
    }
    const raw = await callRoute(timestampRoute.POST, `/api/cases/${kase.caseId}/timestamp`, { caseId: kase.caseId }, { method: "POST", body: "x".repeat(5000) });
    expect(raw.status).toBe(413);
  });

  it("answers a null token when no TSA is configured", async () => {
    config.url = null;
    const response = await post(caseworker, { sha256: toBase64url(digest()) });
    expect(await response.json()).toEqual({ token: null });
  });

  it("the upload's stamp is over SHA-256 of the statement's canonical JSON", async () => {
    config.url = url;
    session.actor = caseworker.actor;
    const statement = { type: "casevault.evidence.v2", b: 2, a: 1 };
    const token = await statementTimestamp(kase.caseId, statement, routeFetcher());
    const canonical = new TextEncoder().encode('{"a":1,"b":2,"type":"casevault.evidence.v2"}');
    expect(await checkTimestamp(token, canonical, parseTsaCertificates(tsa.caPem).certificates!)).toMatchObject({ status: "verified" });
  });

  it("answers 503 timestamp.unavailable when the TSA is down; the upload's best-effort stamp then gives null", async () => {
    config.url = url;
    tsa.down = true;
    try {
      const response = await post(caseworker, { sha256: toBase64url(digest()) });
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: "unavailable", reason: "timestamp.unavailable" });
      // What the upload client does with that answer: no token, and no error that would stop the finalise.
      session.actor = caseworker.actor;
      expect(await statementTimestamp(kase.caseId, { any: "statement" }, routeFetcher())).toBeNull();
    } finally {
      tsa.down = false;
    }
  });
});
