/**
 * Canonical JSON as lib/crypto sees it: stable bytes, strict input, CryptoError on anything else.
 */
import { describe, expect, it } from "vitest";
import { canonicalBytes, canonicalJson } from "./canonical-json";
import { utf8Decode } from "./encoding";
import { expectCryptoError } from "./test-support";

describe("canonicalJson", () => {
  it("sorts keys, drops whitespace, and ignores insertion order", () => {
    expect(canonicalJson({ b: 1, a: 2, c: { z: true, y: null } })).toBe('{"a":2,"b":1,"c":{"y":null,"z":true}}');
    expect(canonicalJson({ y: [1, { b: 2, a: 1 }], x: "s" })).toBe(canonicalJson({ x: "s", y: [1, { a: 1, b: 2 }] }));
  });

  it("sorts nested objects at every depth and keeps array order", () => {
    const value = { outer: { b: [3, 2, 1], a: { d: { f: 1, e: 2 }, c: [] } } };
    expect(canonicalJson(value)).toBe('{"outer":{"a":{"c":[],"d":{"e":2,"f":1}},"b":[3,2,1]}}');
  });

  it("sorts keys by UTF-16 code units (as RFC 8785 does)", () => {
    // "\u00e9" (é) < "\ud83d\ude00" (😀 surrogate pair) < "\uff41" (ａ), though 😀 is the largest code point.
    expect(canonicalJson({ "\uff41": 1, "😀": 2, é: 3, Z: 4, a: 5 })).toBe('{"Z":4,"a":5,"é":3,"😀":2,"ａ":1}');
  });

  it("keeps Unicode as UTF-8, escapes only what JSON requires", () => {
    const value = { text: "Свидетельство о пытках", emoji: "📁", control: "line\nbreak\t\"quoted\"\\" };
    const text = canonicalJson(value);
    expect(text).toBe('{"control":"line\\nbreak\\t\\"quoted\\"\\\\","emoji":"📁","text":"Свидетельство о пытках"}');
    expect(utf8Decode(canonicalBytes(value))).toBe(text);
    expect(JSON.parse(text)).toEqual(value);
  });

  it("serialises numbers as ECMAScript does", () => {
    expect(canonicalJson([0, -0, 1.5, -2, 1e21, 1e-7, 123456789012, Number.MAX_SAFE_INTEGER])).toBe(
      "[0,0,1.5,-2,1e+21,1e-7,123456789012,9007199254740991]",
    );
  });

  it("accepts the empty object, empty array, null and primitives", () => {
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson("x")).toBe('"x"');
    expect(canonicalJson(Object.create(null) as object)).toBe("{}");
  });

  it("rejects non-finite numbers, undefined, functions, symbols and bigints", async () => {
    const bad: unknown[] = [
      NaN,
      Infinity,
      -Infinity,
      undefined,
      () => 1,
      Symbol("s"),
      10n,
      { a: undefined },
      { a: { b: NaN } },
      [1, undefined],
      [() => 1],
    ];
    for (const value of bad) await expectCryptoError(() => canonicalJson(value), "invalid_input");
  });

  it("rejects Dates, typed arrays, Maps, class instances, holes, symbol keys and cycles", async () => {
    class Thing {
      a = 1;
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const holey: number[] = [];
    holey[0] = 1;
    holey[2] = 3;
    const bad: unknown[] = [
      new Date(0),
      new Uint8Array(2),
      new Map(),
      new Thing(),
      holey,
      { [Symbol("k")]: 1 },
      cyclic,
    ];
    for (const value of bad) await expectCryptoError(() => canonicalJson(value), "invalid_input");
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: shared })).toBe('{"x":{"a":1},"y":{"a":1}}');
  });
});
