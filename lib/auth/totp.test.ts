import { HOTP, Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { checkTotp, newTotpSecret, totpStep, totpUri } from "./totp";

// RFC 6238 Appendix B test vectors, SHA-1 rows, seed = the ASCII string
// "12345678901234567890" (https://datatracker.ietf.org/doc/html/rfc6238#appendix-B).
// The RFC prints 8-digit codes; a 6-digit code is the same truncated value
// mod 10^6 (RFC 4226 §5.3), i.e. the last six digits.
const RFC_SECRET = Secret.fromLatin1("12345678901234567890").base32;
const rfcVectors: Array<[unixSeconds: number, eightDigits: string]> = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

const at = (unixSeconds: number) => new Date(unixSeconds * 1000);
const codeAt = (secret: string, step: number) =>
  HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, counter: step });

describe("checkTotp", () => {
  it.each(rfcVectors)("accepts the RFC 6238 SHA-1 vector at T=%i (%s → last 6 digits)", (seconds, eight) => {
    const now = at(seconds);
    const result = checkTotp(RFC_SECRET, eight.slice(-6), { lastStep: null, now });
    expect(result).toEqual({ ok: true, step: Math.floor(seconds / 30) });
  });

  it("refuses the same code once its step has been accepted (replay)", () => {
    const now = at(1234567890);
    const first = checkTotp(RFC_SECRET, "005924", { lastStep: null, now });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(checkTotp(RFC_SECRET, "005924", { lastStep: first.step, now })).toEqual({ ok: false });
  });

  it("refuses an older code from the window once a newer step was accepted", () => {
    const secret = newTotpSecret();
    const now = at(1_800_000_000);
    const step = totpStep(now);
    const previous = codeAt(secret, step - 1);
    expect(checkTotp(secret, previous, { lastStep: null, now })).toEqual({ ok: true, step: step - 1 });
    expect(checkTotp(secret, previous, { lastStep: step, now })).toEqual({ ok: false });
    // …while the next code is still accepted after the current one was used.
    expect(checkTotp(secret, codeAt(secret, step + 1), { lastStep: step, now })).toEqual({ ok: true, step: step + 1 });
  });

  it("accepts exactly one step either side and no more", () => {
    const secret = newTotpSecret();
    const now = at(1_800_000_015); // mid-step
    const step = totpStep(now);
    for (const d of [-1, 0, 1]) {
      expect(checkTotp(secret, codeAt(secret, step + d), { lastStep: null, now })).toEqual({ ok: true, step: step + d });
    }
    for (const d of [-2, 2]) {
      expect(checkTotp(secret, codeAt(secret, step + d), { lastStep: null, now })).toEqual({ ok: false });
    }
  });

  it("moves the window at the step boundary", () => {
    const secret = newTotpSecret();
    const boundary = 1_800_000_000; // a multiple of 30
    expect(boundary % 30).toBe(0);
    const step = boundary / 30;
    const twoBack = codeAt(secret, step - 2);
    // One millisecond before the boundary, step-2 is still the previous step.
    expect(checkTotp(secret, twoBack, { lastStep: null, now: new Date(boundary * 1000 - 1) })).toEqual({ ok: true, step: step - 2 });
    expect(checkTotp(secret, twoBack, { lastStep: null, now: at(boundary) })).toEqual({ ok: false });
  });

  it.each(["", "12345", "1234567", "12345a", " 123456", "１２３４５６", "-12345"])("refuses non-6-digit input %j", (code) => {
    expect(checkTotp(RFC_SECRET, code, { lastStep: null, now: at(59) })).toEqual({ ok: false });
  });

  it("refuses a wrong code and a malformed secret", () => {
    expect(checkTotp(RFC_SECRET, "000000", { lastStep: null, now: at(59) })).toEqual({ ok: false });
    expect(checkTotp("not base32!", "287082", { lastStep: null, now: at(59) })).toEqual({ ok: false });
  });
});

describe("newTotpSecret / totpUri", () => {
  it("makes 160-bit base32 secrets, different each time", () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(Secret.fromBase32(a).bytes).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(a);
  });

  it("builds an otpauth:// URI an authenticator app understands", () => {
    const secret = newTotpSecret();
    const uri = totpUri({ secret, account: "ana@example.org", issuer: "Casevault" });
    expect(uri.startsWith("otpauth://totp/Casevault:ana%40example.org?")).toBe(true);
    const params = new URL(uri).searchParams;
    expect(params.get("issuer")).toBe("Casevault");
    expect(params.get("secret")).toBe(secret);
    expect(params.get("algorithm")).toBe("SHA1");
    expect(params.get("digits")).toBe("6");
    expect(params.get("period")).toBe("30");
    // A code from the parsed URI is accepted: app and server agree.
    const now = at(1_800_000_000);
    const fromApp = new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: now.getTime() });
    expect(checkTotp(secret, fromApp, { lastStep: null, now }).ok).toBe(true);
  });
});
