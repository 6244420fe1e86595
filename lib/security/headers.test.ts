import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, staticSecurityHeaders } from "./headers";

function directive(csp: string, name: string): string[] {
  const found = csp.split("; ").find((d) => d.startsWith(`${name} `));
  return found ? found.split(" ").slice(1) : [];
}

describe("contentSecurityPolicy", () => {
  const csp = contentSecurityPolicy("abc123", { dev: false, secureOrigin: true });

  it("allows scripts only by nonce, with strict-dynamic and wasm", () => {
    expect(directive(csp, "script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'", "'wasm-unsafe-eval'"]);
    expect(directive(csp, "script-src")).not.toContain("'unsafe-eval'");
    expect(directive(csp, "script-src")).not.toContain("'unsafe-inline'");
  });

  it("frames only blob: URLs this page made (the PDF preview), nothing from elsewhere", () => {
    expect(directive(csp, "frame-src")).toEqual(["blob:"]);
  });

  it("closes objects, base and framing", () => {
    expect(directive(csp, "object-src")).toEqual(["'none'"]);
    expect(directive(csp, "base-uri")).toEqual(["'none'"]);
    expect(directive(csp, "frame-ancestors")).toEqual(["'none'"]);
  });

  it("upgrades insecure requests only on a secure origin", () => {
    expect(csp).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: false, secureOrigin: false })).not.toContain("upgrade-insecure-requests");
  });

  it("permits eval only in development", () => {
    expect(directive(contentSecurityPolicy("n", { dev: true, secureOrigin: false }), "script-src")).toContain("'unsafe-eval'");
  });
});

describe("staticSecurityHeaders", () => {
  it("sends HSTS only in production", () => {
    const keys = (p: boolean) => staticSecurityHeaders(p).map((h) => h.key);
    expect(keys(true)).toContain("Strict-Transport-Security");
    expect(keys(false)).not.toContain("Strict-Transport-Security");
  });

  it("denies camera, microphone and geolocation", () => {
    const pp = staticSecurityHeaders(true).find((h) => h.key === "Permissions-Policy")?.value;
    expect(pp).toMatch(/camera=\(\)/);
    expect(pp).toMatch(/microphone=\(\)/);
    expect(pp).toMatch(/geolocation=\(\)/);
  });
});

describe("newNonce", () => {
  it("is fresh each time and carries 128 bits", () => {
    const a = newNonce();
    expect(a).not.toBe(newNonce());
    expect(atob(a)).toHaveLength(16);
  });
});
