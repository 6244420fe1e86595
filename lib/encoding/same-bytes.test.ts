import { describe, expect, it } from "vitest";
import { sameBytes } from "./same-bytes";

describe("sameBytes", () => {
  it("is true only for equal length and content", () => {
    expect(sameBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(sameBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(sameBytes(Uint8Array.of(9, 2, 3), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(sameBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(sameBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it("compares views by their own bytes, not their buffers", () => {
    const buffer = Uint8Array.of(0, 1, 2, 3, 0);
    expect(sameBytes(buffer.subarray(1, 4), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(sameBytes(Buffer.from([1, 2, 3]), Uint8Array.of(1, 2, 3))).toBe(true);
  });
});
