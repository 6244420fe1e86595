import { describe, expect, it } from "vitest";
import { historyComplete } from "./history";

const versions = (...numbers: number[]) => numbers.map((version) => ({ version }));

describe("a testimony's version history", () => {
  it("is complete when it runs 1..latest (control)", () => {
    expect(historyComplete(versions(1), 1)).toBe(true);
    expect(historyComplete(versions(3, 2, 1), 3)).toBe(true);
  });

  it("a middle version deleted by the server, or versions beyond the latest, make it incomplete", () => {
    expect(historyComplete(versions(1, 3), 3)).toBe(false);
    expect(historyComplete(versions(2, 3), 3)).toBe(false);
    expect(historyComplete(versions(1, 2, 3, 4), 3)).toBe(false);
    expect(historyComplete(versions(1, 1, 3), 3)).toBe(false);
  });
});
