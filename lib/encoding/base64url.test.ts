/**
 * The one base64url: strict unpadded codec (same as libsodium's URLSAFE_NO_PADDING) and its zod schemas.
 */
import { describe, expect, it } from "vitest";
import { base64urlOfBytes, base64urlSchema, fromBase64url, InvalidBase64urlError, toBase64url } from "./base64url";

const ascii = (text: string) => new TextEncoder().encode(text);

// Each is refused for one reason: padding, the standard alphabet's + and /,
// whitespace, a length of 1 mod 4, non-zero trailing bits, a non-ASCII letter.
const MALFORMED = ["Zg==", "Zg=", "Zm9v+A", "Zm9v/A", "Zm 9v", "Zm9v\n", "Z", "Zm9vY", "Zh", "Zm9", "é", "Zm9vYm\u0100"];

describe("base64url codec", () => {
  it("encodes RFC 4648 §10 vectors in the URL-safe alphabet without padding", () => {
    const cases: [string, string][] = [
      ["", ""],
      ["f", "Zg"],
      ["fo", "Zm8"],
      ["foo", "Zm9v"],
      ["foob", "Zm9vYg"],
      ["fooba", "Zm9vYmE"],
      ["foobar", "Zm9vYmFy"],
    ];
    for (const [plain, encoded] of cases) {
      expect(toBase64url(ascii(plain))).toBe(encoded);
      expect(fromBase64url(encoded)).toEqual(ascii(plain));
    }
    expect(toBase64url(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe("-_-_");
    expect(fromBase64url("-_-_")).toEqual(Uint8Array.of(0xfb, 0xff, 0xbf));
  });

  // libsodium's URLSAFE_NO_PADDING and Node's "base64url" are both RFC 4648 §5
  // without padding; Node's encoder is the independent reference here.
  it("matches Node's base64url encoder for every length 0..300", () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const ours = toBase64url(bytes);
      expect(ours).toBe(Buffer.from(bytes).toString("base64url"));
      expect(fromBase64url(ours)).toEqual(bytes);
    }
  });

  it("refuses padding, + and /, whitespace, a length of 1 mod 4 and non-canonical trailing bits", () => {
    for (const bad of MALFORMED) expect(() => fromBase64url(bad), bad).toThrow(InvalidBase64urlError);
  });

  // Node's lenient decoder (what the server used before) maps these to the
  // same bytes as the canonical spelling; the strict one refuses them.
  it("accepts exactly one spelling of each byte string", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (const bytes of [Uint8Array.of(0x66), Uint8Array.of(0x66, 0x6f), crypto.getRandomValues(new Uint8Array(32))]) {
      const canonical = toBase64url(bytes);
      // For a length that is not a multiple of 3, the last character's lowest bit carries no data.
      const last = alphabet.indexOf(canonical.charAt(canonical.length - 1));
      const spelling = canonical.slice(0, -1) + alphabet.charAt(last ^ 1);
      expect(new Uint8Array(Buffer.from(spelling, "base64url"))).toEqual(bytes);
      expect(() => fromBase64url(spelling)).toThrow(InvalidBase64urlError);
    }
  });
});

describe("base64urlSchema", () => {
  it("accepts canonical text of any length, the empty string included", () => {
    for (const good of ["", "Zg", "Zm8", "Zm9v", "-_-_"]) expect(base64urlSchema().safeParse(good).success, good).toBe(true);
  });

  it("refuses what the codec refuses, with the caller's message", () => {
    for (const bad of MALFORMED) {
      const result = base64urlSchema("evidence.hashFormat").safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("evidence.hashFormat");
    }
    expect(base64urlSchema().safeParse("Zh").error?.issues[0]?.message).toBe("not base64url");
  });
});

describe("base64urlOfBytes", () => {
  it("accepts the canonical spelling of exactly n bytes", () => {
    for (const n of [1, 2, 3, 16, 24, 32, 64]) {
      const text = toBase64url(crypto.getRandomValues(new Uint8Array(n)));
      expect(base64urlOfBytes(n).safeParse(text).success, String(n)).toBe(true);
      expect(base64urlOfBytes(n + 1).safeParse(text).success).toBe(false);
      expect(base64urlOfBytes(n - 1).safeParse(text).success).toBe(false);
    }
  });

  it("refuses a 32-byte value with non-canonical trailing bits, padding or + and /", () => {
    const canonical = toBase64url(new Uint8Array(32)); // 42 "A"s and a last "A"
    const schema = base64urlOfBytes(32, "testimony.digestFormat");
    for (const bad of [`${canonical.slice(0, 42)}B`, `${canonical}=`, `${canonical.slice(0, 42)}+`, `${canonical.slice(0, 42)}/`]) {
      const result = schema.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("testimony.digestFormat");
    }
  });
});
