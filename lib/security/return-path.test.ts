import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a path on this site", () => {
    expect(safeReturnPath("/sign-in")).toBe("/sign-in");
    expect(safeReturnPath("/cases/0b6c5f3e-8a55-4a8e-9a53-5e4f3a4b2c1d/testimonies")).toBe("/cases/0b6c5f3e-8a55-4a8e-9a53-5e4f3a4b2c1d/testimonies");
  });

  it("turns anything that could leave the site into /", () => {
    for (const value of [null, undefined, "", "https://evil.test/", "//evil.test/x", "/\\evil.test", "/a\\b", "evil.test", "/x\r\nSet-Cookie: a=b", "/\u0000", `/${"a".repeat(600)}`]) {
      expect(safeReturnPath(value)).toBe("/");
    }
  });
});
