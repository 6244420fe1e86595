import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./support/test";
import { withSql } from "./support/db-sql";
import { ownDemoServer } from "./support/demo-server";
import { rawHttpRequest } from "../lib/testing/raw-http";

// The outside request matrix (issue 10, part 9), replayed against a real
// server: cross-site writes, malformed ids, oversize bodies, prefetches and
// forwarded headers. Each request is one an attacker can send.

// Seeding, a private server and an in-browser Argon2id sign-in take minutes on a busy 2-core machine.
test.describe.configure({ timeout: 300_000 });

// A private server on the port after the suite's own range start (E2E_PORT + 10).
const PORT = Number(process.env.E2E_PORT ?? 3100) + 10;
let caseId: string;
const demo = ownDemoServer({
  port: PORT,
  // The demo case, read before the server opens the database (an embedded one has one owner at a time).
  prepare: async (database) => {
    const [row] = await withSql(database, (query) => query(`SELECT id FROM "Case" ORDER BY "createdAt" LIMIT 1`));
    caseId = String(row?.id);
    expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
  },
});

const evil = { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" };

function rawRequest(head: string, body = ""): Promise<{ status: number; ms: number }> {
  const url = new URL(demo.baseURL);
  return rawHttpRequest({ host: url.hostname, port: Number(url.port), timeoutMs: 20_000 }, head, body);
}

const ACTION_ID = "7f".repeat(20); // any id: the refusal must come before Next looks it up

test("cross-site POST to quick exit, DELETE of an upload and PUT of a part are refused with 403; nothing changes", async ({ browser }) => {
  const page = await demo.signedInPage(browser, "caseworker");
  const request = page.context().request;
  const quickExit = `${demo.baseURL}/api/auth/quick-exit`;
  const cancel = `${demo.baseURL}/api/cases/${caseId}/evidence/uploads/${randomUUID()}`;
  // Parts bypass proxy.ts (it would copy every body into memory): the policy door alone refuses them.
  const part = `${cancel}/parts/1`;
  const putPart = (headers: Record<string, string>) => request.put(part, { headers: { ...headers, "Content-Type": "application/octet-stream", "x-part-sha256": "A".repeat(43) }, data: Buffer.alloc(64) });

  const attempts: Record<string, string>[] = [evil, { Origin: "https://evil.example" }, { "Sec-Fetch-Site": "same-site" }, { Origin: "null" }];
  for (const headers of attempts) {
    expect((await request.post(quickExit, { headers })).status(), JSON.stringify(headers)).toBe(403);
    expect((await request.delete(cancel, { headers })).status(), JSON.stringify(headers)).toBe(403);
    expect((await putPart(headers)).status(), JSON.stringify(headers)).toBe(403);
  }
  // The session survived every attempt: the case still opens.
  expect((await request.get(`${demo.baseURL}/cases/${caseId}`, { maxRedirects: 0 })).status()).toBe(200);

  // The app's own requests still work: an unknown upload is "not found", quick exit ends the session.
  const own = { Origin: demo.baseURL, "Sec-Fetch-Site": "same-origin" };
  expect((await request.delete(cancel, { headers: own })).status()).toBe(404);
  expect((await putPart(own)).status()).toBe(404);
  expect((await request.post(quickExit, { headers: own })).status()).toBe(204);
  expect((await request.get(`${demo.baseURL}/cases/${caseId}`, { maxRedirects: 0 })).status()).toBe(307);
  await page.context().close();
});

test("upper-case, NUL and non-UUID ids are 404 on pages and routes, never 500 or 503", async ({ browser }) => {
  const page = await demo.signedInPage(browser, "caseworker");
  const request = page.context().request;
  const someId = randomUUID();
  const badCaseIds = [caseId.toUpperCase(), `${caseId.slice(0, 35)}%00`, `${caseId}%00`, "not-a-uuid", `${caseId}x`];
  const urls = [
    ...badCaseIds.map((id) => `/cases/${id}`),
    ...badCaseIds.map((id) => `/cases/${id}/testimonies/${someId}`),
    `/cases/${caseId}/testimonies/${someId.toUpperCase()}`,
    `/cases/${caseId}/testimonies/${someId}%00`,
    `/cases/${caseId}/testimonies/${someId}/edit`.replace(someId, someId.toUpperCase()),
    ...badCaseIds.map((id) => `/api/cases/${id}/evidence/${someId}/content`),
    ...badCaseIds.map((id) => `/api/cases/${id}/evidence/uploads/${someId}`),
    `/api/cases/${caseId}/evidence/${someId.toUpperCase()}/content`,
    `/api/cases/${caseId}/evidence/${someId}%00/content`,
  ];
  const statuses = await Promise.all(urls.map(async (url) => [url, (await request.get(`${demo.baseURL}${url}`, { maxRedirects: 0 })).status()]));
  expect(statuses).toEqual(urls.map((url) => [url, 404]));
  // Writes too (same-origin, so the cross-site check does not answer first).
  const own = { Origin: demo.baseURL, "Sec-Fetch-Site": "same-origin" };
  for (const id of badCaseIds) {
    expect((await request.post(`${demo.baseURL}/api/cases/${id}/evidence/${someId}/access`, { headers: own, data: { purpose: "download" } })).status()).toBe(404);
    expect((await request.delete(`${demo.baseURL}/api/cases/${id}/evidence/uploads/${someId}`, { headers: own })).status()).toBe(404);
  }
  await page.context().close();
});

test("an 11 MiB server-action body is 413; a declared Content-Length of 999999999 is 413 at once", async () => {
  const host = new URL(demo.baseURL).host;
  // An 11 MiB server-action body: the server answers 413 and closes while the client is still sending
  // (a client that insists on writing all of it sees EPIPE), so the first 64 KiB go out and the answer is read.
  const big = await rawRequest(
    `POST /cases HTTP/1.1\r\nHost: ${host}\r\nNext-Action: ${ACTION_ID}\r\nOrigin: ${demo.baseURL}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n`,
    "x".repeat(64 * 1024),
  );
  expect(big.status).toBe(413);

  // Only the headers are sent: the answer must not wait for the body.
  // The part route included, which bypasses proxy.ts: the HTTP server refuses before Next (early-body-check.ts).
  const partPath = `/api/cases/${caseId}/evidence/uploads/${randomUUID()}/parts/1`;
  for (const [method, path] of [["POST", "/cases"], ["POST", "/api/auth/quick-exit"], ["POST", `/api/cases/${caseId}/evidence/uploads`], ["PUT", partPath]]) {
    const { status, ms } = await rawRequest(
      `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nNext-Action: ${ACTION_ID}\r\nContent-Type: text/plain\r\nContent-Length: 999999999\r\n\r\n`,
    );
    expect(status, path).toBe(413);
    expect(ms, path).toBeLessThan(1000);
  }
  // A chunked body declares no length: refused before it is read (411), not a 500 after 10 MB.
  const chunked = await rawRequest(`POST /cases HTTP/1.1\r\nHost: ${host}\r\nNext-Action: ${ACTION_ID}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n`, "400000\r\n");
  expect(chunked.status).toBe(411);
  expect(chunked.ms).toBeLessThan(1000);
});

test("router prefetches carry the Content-Security-Policy like any page", async ({ request }) => {
  const prefetches: Record<string, string>[] = [{ "Next-Router-Prefetch": "1", RSC: "1" }, { Purpose: "prefetch" }, { "Sec-Purpose": "prefetch" }, {}];
  for (const headers of prefetches) {
    const response = await request.get(`${demo.baseURL}/sign-in`, { headers });
    expect(response.status(), JSON.stringify(headers)).toBe(200);
    expect(response.headers()["content-security-policy"], JSON.stringify(headers)).toMatch(/script-src [^;]*'nonce-[^']+'[^;]*'strict-dynamic'/);
  }
});

async function serverAction(request: APIRequestContext, headers: Record<string, string>) {
  return request.post(`${demo.baseURL}/cases`, {
    headers: { "Next-Action": ACTION_ID, "Content-Type": "text/plain;charset=UTF-8", ...headers },
    data: "[]",
    maxRedirects: 0,
  });
}

test("a server action with X-Forwarded-Host matching a foreign Origin is refused", async ({ request }) => {
  const forged: Record<string, string>[] = [
    { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example" },
    { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", Forwarded: "host=evil.example;proto=https" },
    { Origin: "https://evil.example", "X-Forwarded-Host": "evil.example", "Sec-Fetch-Site": "same-origin" },
  ];
  for (const headers of forged) {
    expect((await serverAction(request, headers)).status(), JSON.stringify(headers)).toBe(403);
  }
  // The same request from the app's own origin passes the door (and finds no such action).
  expect((await serverAction(request, { Origin: demo.baseURL, "Sec-Fetch-Site": "same-origin" })).status()).not.toBe(403);
});
