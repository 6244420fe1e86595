import { describe, expect, it } from "vitest";
import { isCanonicalId, parseId, parseVersion } from "./parse-id";

const id = "0b6f3c2e-8a41-4c1d-9e2f-5a7b8c9d0e1f";

describe("parseId", () => {
  it("returns a lower-case UUID as it is", () => {
    expect(parseId(id)).toBe(id);
    expect(isCanonicalId(id)).toBe(true);
  });

  it("lower-cases an upper-case UUID, which is not canonical at an entry point", () => {
    expect(parseId(id.toUpperCase())).toBe(id);
    expect(isCanonicalId(id.toUpperCase())).toBe(false);
  });

  it.each([
    ["a NUL byte", `${id.slice(0, 35)}\u0000`],
    ["a trailing NUL", `${id}\u0000`],
    ["no hyphens", id.replaceAll("-", "")],
    ["braces", `{${id}}`],
    ["a non-hex letter", `${id.slice(0, 35)}g`],
    ["an empty string", ""],
    ["a path", "../../etc/passwd"],
    ["a long string", id.repeat(100)],
    ["a number", 42],
    ["null", null],
    ["an array", [id]],
  ])("refuses %s", (_name, raw) => {
    expect(parseId(raw)).toBeNull();
    expect(isCanonicalId(raw)).toBe(false);
  });
});

describe("parseVersion", () => {
  it("takes one spelling of a positive version number from a URL segment", () => {
    expect(parseVersion("1")).toBe(1);
    expect(parseVersion("42")).toBe(42);
    expect(parseVersion("999999999")).toBe(999_999_999);
  });

  it("refuses zero, signs, leading zeros, exponents, decimals, spaces and anything not a string", () => {
    for (const raw of ["0", "-1", "+1", "01", "1e3", "1.0", " 1", "1 ", "", "1000000000", "١", 1, null, undefined]) expect(parseVersion(raw), String(raw)).toBeNull();
  });
});
