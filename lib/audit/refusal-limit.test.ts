import { describe, expect, it } from "vitest";
import { createRefusalLimit } from "./refusal-limit";

describe("refusal limit", () => {
  it("records the first refusals of a window, leaves the rest out, and says how many with the next one recorded", () => {
    const limit = createRefusalLimit({ perWindow: 3, windowMs: 1_000 });
    const verdicts = Array.from({ length: 10 }, (_, i) => limit.admit("mallory", 100 + i));
    expect(verdicts.filter((v) => v.record)).toHaveLength(3);
    expect(verdicts.slice(3).every((v) => !v.record)).toBe(true);
    expect(limit.admit("mallory", 1_100)).toEqual({ record: true, suppressed: 7 });
    expect(limit.admit("mallory", 1_101)).toEqual({ record: true, suppressed: 0 });
  });

  it("counts each identity on its own", () => {
    const limit = createRefusalLimit({ perWindow: 1, windowMs: 1_000 });
    expect(limit.admit("a", 0)).toEqual({ record: true, suppressed: 0 });
    expect(limit.admit("a", 1)).toEqual({ record: false });
    expect(limit.admit("b", 2)).toEqual({ record: true, suppressed: 0 });
  });

  it("holds at most maxIdentities windows, forgetting the oldest", () => {
    const limit = createRefusalLimit({ perWindow: 1, windowMs: 60_000, maxIdentities: 2 });
    limit.admit("a", 0);
    expect(limit.admit("a", 1)).toEqual({ record: false });
    limit.admit("b", 2);
    limit.admit("c", 3); // "a" is forgotten: its next refusal is recorded again
    expect(limit.admit("a", 4)).toEqual({ record: true, suppressed: 0 });
  });
});
