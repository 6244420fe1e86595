import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toBase64url } from "@/lib/crypto/encoding";
import { sha256Blocks } from "./hash-display";

describe("sha256Blocks", () => {
  it("shows the hex digest sha256sum prints, in 16 blocks of 4", () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1.
    const digest = createHash("sha256").update("abc").digest();
    const blocks = sha256Blocks(toBase64url(digest));
    expect(blocks).toHaveLength(16);
    expect(blocks.every((b) => /^[0-9a-f]{4}$/.test(b))).toBe(true);
    expect(blocks.join("")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("refuses what is not a 32-byte hash", () => {
    expect(() => sha256Blocks(toBase64url(new Uint8Array(31)))).toThrow(RangeError);
    expect(() => sha256Blocks("not base64url!")).toThrow();
  });
});
