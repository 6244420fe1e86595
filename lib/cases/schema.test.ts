import { describe, expect, it } from "vitest";
import { emptyProfile, personProfileFormSchema, personProfileSchema, riskLevels } from "./schema";

const filled = { ...emptyProfile, fullName: "Тимур Каримов" };

describe("the profile form's risk level", () => {
  it("starts unchosen and must be chosen, with its own message", () => {
    expect(emptyProfile.riskLevel).toBe("");
    const result = personProfileFormSchema.safeParse(filled);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ["riskLevel"], message: "profile.riskRequired" })]);
  });

  it("accepts every level and yields a profile the stored schema accepts", () => {
    for (const riskLevel of riskLevels) {
      const parsed = personProfileFormSchema.parse({ ...filled, riskLevel });
      expect(parsed.riskLevel).toBe(riskLevel);
      expect(personProfileSchema.parse(parsed)).toEqual(parsed);
    }
  });

  it("leaves stored profiles as they were: a level is required there, none is made up", () => {
    expect(personProfileSchema.safeParse(filled).success).toBe(false);
    expect(personProfileSchema.parse({ ...filled, riskLevel: "high" }).riskLevel).toBe("high");
  });
});
