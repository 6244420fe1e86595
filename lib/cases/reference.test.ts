import { describe, expect, it } from "vitest";
import { caseReferencePattern, newCaseReference } from "./reference";

describe("newCaseReference", () => {
  it("has the CV-XXXX-XXXX shape without look-alike characters", () => {
    for (let i = 0; i < 500; i++) {
      const ref = newCaseReference();
      expect(ref).toMatch(caseReferencePattern);
      expect(ref.slice(3)).not.toMatch(/[01OIL]/);
    }
  });

  it("is random", () => {
    expect(new Set(Array.from({ length: 1000 }, newCaseReference)).size).toBe(1000);
  });
});
