import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawHttpRequest } from "@/lib/testing/raw-http";
import { installEarlyBodyCheck } from "./early-body-check";

// A real HTTP server with the check installed, attacked with raw bytes: the
// refusal must come before the body arrives (it never does here).

let server: http.Server;
let port: number;
let handled = 0;

beforeAll(async () => {
  installEarlyBodyCheck();
  server = http.createServer((req, res) => {
    handled++;
    req.resume();
    req.on("end", () => res.end("handled"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const raw = (head: string, body = "") => rawHttpRequest({ host: "127.0.0.1", port, timeoutMs: 5000 }, head, body);

describe("installEarlyBodyCheck", () => {
  it("answers 413 at once to a declared Content-Length of 999999999, without waiting for the body", async () => {
    const before = handled;
    for (const path of ["/cases", "/api/auth/quick-exit", "/api/cases/x/evidence/uploads/y/parts/1"]) {
      const { status, ms } = await raw(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n`);
      expect(status, path).toBe(413);
      expect(ms, path).toBeLessThan(1000);
    }
    expect(handled).toBe(before);
  });

  it("answers 411 to an undeclared (chunked) page body, and lets a capped upload part stream", async () => {
    expect((await raw(`POST /cases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`, "400000\r\n")).status).toBe(411);
    expect((await raw(`PUT /api/cases/x/evidence/uploads/y/parts/1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`, "3\r\nabc\r\n0\r\n\r\n")).status).toBe(200);
  });

  it("passes ordinary requests to the handler", async () => {
    const before = handled;
    expect((await raw(`POST /cases HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n`, "[]")).status).toBe(200);
    expect((await raw(`GET /cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status).toBe(200);
    expect(handled).toBe(before + 2);
  });
});
