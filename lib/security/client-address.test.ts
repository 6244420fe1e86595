import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER, clientAddress, installPeerAddressHeader } from "./client-address";

describe("clientAddress", () => {
  const headers = (xff: string | null, peer = "10.9.8.7") => ({ [PEER_ADDRESS_HEADER]: peer, ...(xff === null ? {} : { "x-forwarded-for": xff }) });

  it("with TRUSTED_PROXY_HOPS=0 ignores X-Forwarded-For and uses the TCP peer", () => {
    expect(clientAddress(headers("1.1.1.1"), 0)).toBe("10.9.8.7");
    expect(clientAddress(headers(null), 0)).toBe("10.9.8.7");
    expect(clientAddress(new Headers(headers("1.1.1.1, 2.2.2.2")), 0)).toBe("10.9.8.7");
  });

  it("with N hops takes the N-th entry from the right: whatever the client prepended does not count", () => {
    // The client forged "6.6.6.6"; our proxy appended the real 203.0.113.5.
    expect(clientAddress(headers("6.6.6.6, 203.0.113.5"), 1)).toBe("203.0.113.5");
    // Two proxies: the outer one appended the client, the inner one the outer proxy.
    expect(clientAddress(headers("6.6.6.6, 203.0.113.5, 10.0.0.2"), 2)).toBe("203.0.113.5");
  });

  it("falls back to the TCP peer when the header has fewer entries than hops (the proxy was bypassed)", () => {
    expect(clientAddress(headers(null), 1)).toBe("10.9.8.7");
    expect(clientAddress(headers("203.0.113.5"), 2)).toBe("10.9.8.7");
  });

  it("is null when nothing is known", () => {
    expect(clientAddress(undefined, 0)).toBeNull();
    expect(clientAddress({}, 0)).toBeNull();
  });
});

describe("installPeerAddressHeader", () => {
  const server = http.createServer((req, res) => {
    res.end(JSON.stringify({ peer: req.headers[PEER_ADDRESS_HEADER] ?? null, chosen: clientAddress(req.headers, 0) }));
  });
  afterAll(() => server.close());

  it("stamps the socket's address on every request, overwriting a header the client forged", async () => {
    installPeerAddressHeader(http.Server.prototype);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_ADDRESS_HEADER]: "6.6.6.6", "X-Forwarded-For": "6.6.6.6" } });
    const body = (await response.json()) as { peer: string; chosen: string };
    expect(body.peer).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    expect(body.chosen).toBe(body.peer);
  });
});
