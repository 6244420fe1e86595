/**
 * The upload's retried requests against a scripted fetch: what is retried
 * (network errors, 5xx), with the same body, and how long it waits
 * (Retry-After, up to the cap); what is not (413, 409, a stale epoch), and
 * how each refusal is named; a cancelled upload sends nothing more.
 */
import { describe, expect, it } from "vitest";
import { isUploadError } from "./upload-errors";
import { UploadHttp } from "./upload-http";

const FAST = { baseDelayMs: 1, maxDelayMs: 5, attemptTimeoutMs: 2000 };

type Answer = Response | "network";

/** A fetch that answers from `answers` in turn (the last one again when they run out) and records each call's body bytes. */
function scripted(answers: Answer[]) {
  const calls: { method: string; body: Uint8Array | null; contentType: string | null }[] = [];
  const fetch: typeof globalThis.fetch = async (_url, init = {}) => {
    const body = init.body instanceof Blob ? new Uint8Array(await init.body.arrayBuffer()) : typeof init.body === "string" ? new TextEncoder().encode(init.body) : null;
    calls.push({ method: init.method ?? "GET", body, contentType: new Headers(init.headers).get("content-type") });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    if (answer === "network") throw new TypeError("fetch failed");
    return answer.clone();
  };
  return { fetch, calls };
}

const status = (code: number, body: object = {}, headers: Record<string, string> = {}) => Response.json(body, { status: code, headers });

describe("UploadHttp", () => {
  it("retries network errors and 503s, sending the same bytes every time, until the server answers", async () => {
    const { fetch, calls } = scripted(["network", status(503), new Response(null, { status: 204 })]);
    const http = new UploadHttp({ fetch, retry: FAST, signal: new AbortController().signal });
    const bytes = crypto.getRandomValues(new Uint8Array(64));
    const response = await http.request("PUT", "/part", { bytes: bytes.slice().buffer, headers: { "x-part-sha256": "h" } });
    expect(response.status).toBe(204);
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.contentType).toBe("application/octet-stream");
      expect(call.body).toEqual(bytes);
    }
  });

  it("tries at least 5 times, then fails with 'evidence.network'", async () => {
    const { fetch, calls } = scripted(["network"]);
    const http = new UploadHttp({ fetch, retry: { ...FAST, attempts: 1 }, signal: new AbortController().signal });
    const error = await http.request("GET", "/status").catch((e: unknown) => e);
    expect(isUploadError(error, "evidence.network")).toBe(true);
    expect(calls).toHaveLength(5);
  });

  it("waits as long as Retry-After says, up to the cap", async () => {
    const { fetch } = scripted([status(429, {}, { "retry-after": "1" }), new Response(null, { status: 200 })]);
    const http = new UploadHttp({ fetch, retry: { ...FAST, maxDelayMs: 200 }, signal: new AbortController().signal });
    const started = performance.now();
    await http.request("GET", "/status");
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(190);
    expect(waited).toBeLessThan(1000);
  });

  it("does not retry what retrying cannot fix, and names each refusal", async () => {
    const cases: [Response, string, Parameters<UploadHttp["request"]>[2]?][] = [
      [status(413), "evidence.tooLarge"],
      [status(401), "evidence.unauthenticated"],
      [status(404), "evidence.notFound"],
      [status(409), "evidence.conflict"],
      [status(409), "evidence.fileChanged", { conflict: "evidence.fileChanged" }],
      [status(410), "evidence.expired"],
      [status(400, { error: "invalid", reason: "epoch.stale" }), "evidence.staleEpoch"],
      [status(400, { error: "invalid" }), "evidence.rejected"],
    ];
    for (const [answer, code, body] of cases) {
      const { fetch, calls } = scripted([answer]);
      const http = new UploadHttp({ fetch, retry: FAST, signal: new AbortController().signal });
      const error = await http.request("POST", "/uploads", { json: {}, ...body }).catch((e: unknown) => e);
      expect(isUploadError(error) ? error.code : error, `${answer.status}`).toBe(code);
      expect(calls).toHaveLength(1);
    }
  });

  it("after a cancel sends nothing more, except a request that says ignoreCancel", async () => {
    const { fetch, calls } = scripted([new Response(null, { status: 204 })]);
    const cancel = new AbortController();
    const http = new UploadHttp({ fetch, retry: FAST, signal: cancel.signal });
    cancel.abort();
    const error = await http.request("PUT", "/part", { bytes: new ArrayBuffer(1) }).catch((e: unknown) => e);
    expect(isUploadError(error, "evidence.cancelled")).toBe(true);
    expect(calls).toHaveLength(0);
    await http.request("DELETE", "/upload", { ignoreCancel: true });
    expect(calls.map((c) => c.method)).toEqual(["DELETE"]);
  });

  it("a cancel during the wait between tries ends it at once", async () => {
    const { fetch, calls } = scripted([status(503)]);
    const cancel = new AbortController();
    const http = new UploadHttp({ fetch, retry: { ...FAST, baseDelayMs: 10_000, maxDelayMs: 10_000 }, signal: cancel.signal });
    const pending = http.request("GET", "/status").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    cancel.abort();
    expect(isUploadError(await pending, "evidence.cancelled")).toBe(true);
    expect(calls).toHaveLength(1);
  });
});
