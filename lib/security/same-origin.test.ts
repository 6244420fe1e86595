import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./same-origin";

const app = "https://cases.example.org";

function req(method: string, headers: Record<string, string>, url = `${app}/api/auth/quick-exit`): Request {
  return new Request(url, { method, headers });
}

describe("isCrossSiteWrite", () => {
  it("lets the app's own requests through", () => {
    expect(isCrossSiteWrite(req("POST", { "sec-fetch-site": "same-origin", origin: app }), app)).toBe(false);
    expect(isCrossSiteWrite(req("DELETE", { origin: app }), app)).toBe(false);
  });

  it("lets the app's own native form post through: Origin null under Referrer-Policy no-referrer, Sec-Fetch-Site same-origin", () => {
    expect(isCrossSiteWrite(req("POST", { "sec-fetch-site": "same-origin", origin: "null" }), app)).toBe(false);
    expect(isCrossSiteWrite(req("POST", { "sec-fetch-site": "cross-site", origin: "null" }), app)).toBe(true);
  });

  it("lets a client with no browser markers through (no ambient cookie to abuse)", () => {
    expect(isCrossSiteWrite(req("POST", {}), app)).toBe(false);
  });

  it("never refuses a read", () => {
    expect(isCrossSiteWrite(req("GET", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }), app)).toBe(false);
    expect(isCrossSiteWrite(req("HEAD", { "sec-fetch-site": "cross-site" }), app)).toBe(false);
  });

  it.each([
    ["a cross-site fetch", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["a same-site sibling host", { "sec-fetch-site": "same-site", origin: "https://blog.example.org" }],
    ["a foreign Origin without Sec-Fetch-Site (older browser)", { origin: "https://evil.example" }],
    ["an opaque origin", { origin: "null" }],
    ["an opaque origin from a sandboxed cross-site frame", { "sec-fetch-site": "cross-site", origin: "null" }],
    ["a same-origin marker with a foreign Origin", { "sec-fetch-site": "same-origin", origin: "https://evil.example" }],
    ["another scheme of the same host", { origin: "http://cases.example.org" }],
    ["another port of the same host", { origin: "https://cases.example.org:8443" }],
  ])("refuses %s", (_name, headers) => {
    expect(isCrossSiteWrite(req("POST", headers), app)).toBe(true);
    expect(isCrossSiteWrite(req("DELETE", headers), app)).toBe(true);
  });

  it("compares with the Host the request reached when NEXTAUTH_URL is unset", () => {
    const local = (origin: string) => req("POST", { host: "localhost:3000", origin }, "http://localhost:3000/api/x");
    expect(isCrossSiteWrite(local("http://localhost:3000"), undefined)).toBe(false);
    expect(isCrossSiteWrite(local("http://evil.example"), undefined)).toBe(true);
  });
});
