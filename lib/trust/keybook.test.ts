import { describe, expect, it } from "vitest";
import { emptyKeybook, keyStatus, keybookFromJson, keybookToJson, mergeKeybooks, pinKey, pinnedKeybook } from "./keybook";

// A 32-byte key in its one base64url spelling (the last character carries 4 data bits and 2 zero bits).
const k = (c: string) => `${c.repeat(42)}A`;
const olga = { userId: "olga", boxPublicKey: k("A"), signPublicKey: k("B") };
const olgaForged = { ...olga, boxPublicKey: k("X") };
const t0 = new Date("2026-12-01T10:00:00.000Z");
const t1 = new Date("2026-12-02T10:00:00.000Z");

describe("keybook", () => {
  it("an unknown person is unknown; once pinned, the same keys are pinned and any other key is changed", () => {
    expect(keyStatus(emptyKeybook, olga).state).toBe("unknown");
    const book = pinKey(emptyKeybook, olga, "first_seen", t0);
    expect(keyStatus(book, olga)).toMatchObject({ state: "pinned", pinned: { verified: "first_seen", pinnedAt: t0.toISOString() } });
    expect(keyStatus(book, olgaForged).state).toBe("changed");
    expect(keyStatus(book, { ...olga, signPublicKey: k("Y") }).state).toBe("changed");
  });

  it("a changed key replaces the pinned one only when compared in person", () => {
    const book = pinKey(emptyKeybook, olga, "compared", t0);
    expect(pinKey(book, olgaForged, "first_seen", t1)).toBe(book);
    const repinned = pinKey(book, olgaForged, "compared", t1);
    expect(keyStatus(repinned, olgaForged)).toMatchObject({ state: "pinned", pinned: { verified: "compared", comparedAt: t1.toISOString() } });
    expect(keyStatus(repinned, olga).state).toBe("changed");
  });

  it("a re-pinned person's old keys are kept as retired, valid until the re-pin, and survive a merge", () => {
    const book = pinKey(emptyKeybook, olga, "compared", t0);
    const repinned = pinKey(book, olgaForged, "compared", t1);
    expect(repinned.entries.get("olga")?.retired).toEqual([{ boxPublicKey: olga.boxPublicKey, signPublicKey: olga.signPublicKey, until: t1.toISOString() }]);
    expect(keybookFromJson(JSON.parse(JSON.stringify(keybookToJson(repinned))))).toEqual(repinned);
    // Another tab still holding the old pin: the merge keeps the newer pin and the retired key.
    expect(mergeKeybooks(book, repinned).entries.get("olga")).toEqual(repinned.entries.get("olga"));
    expect(mergeKeybooks(repinned, book).entries.get("olga")).toEqual(repinned.entries.get("olga"));
  });

  it("first seen never downgrades a comparison; comparing upgrades a first-seen pin", () => {
    const seen = pinKey(emptyKeybook, olga, "first_seen", t0);
    const compared = pinKey(seen, olga, "compared", t1);
    expect(keyStatus(compared, olga)).toMatchObject({ state: "pinned", pinned: { verified: "compared", pinnedAt: t0.toISOString() } });
    expect(pinKey(compared, olga, "first_seen", t1)).toBe(compared);
  });

  it("two tabs' copies merge: everyone from both, the later pin of a person wins", () => {
    const a = pinKey(pinKey(emptyKeybook, olga, "compared", t0), { userId: "aram", boxPublicKey: k("C"), signPublicKey: k("D") }, "first_seen", t0);
    const b = pinKey(emptyKeybook, olgaForged, "compared", t1);
    const merged = mergeKeybooks(a, b);
    expect([...merged.entries.keys()].sort()).toEqual(["aram", "olga"]);
    expect(keyStatus(merged, olgaForged).state).toBe("pinned");
    expect(keyStatus(mergeKeybooks(b, a), olgaForged).state).toBe("pinned");
  });

  it("round-trips through its JSON form and refuses a malformed or duplicated one", () => {
    const book = pinnedKeybook([olga, { userId: "aram", boxPublicKey: k("C"), signPublicKey: k("D") }], t0);
    const json = JSON.parse(JSON.stringify(keybookToJson(book)));
    expect(json.entries.map((e: { userId: string }) => e.userId)).toEqual(["aram", "olga"]);
    expect(keybookFromJson(json).entries).toEqual(book.entries);
    expect(() => keybookFromJson({ ...json, entries: [...json.entries, json.entries[0]] })).toThrow(/twice/);
    expect(() => keybookFromJson({ ...json, entries: [{ ...json.entries[0], boxPublicKey: "short" }] })).toThrow();
    expect(() => keybookFromJson({ type: "other", entries: [] })).toThrow();
  });
});
