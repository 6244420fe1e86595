import { describe, expect, it } from "vitest";
import { emptyProfile, epochWireSchema, personProfileFormSchema, personProfileSchema, riskLevels, sealedRecordWireSchema } from "./schema";

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

describe("sealed records, epochs and grants on the wire", () => {
  const record = { id: "6f1c1d7e-3a43-4c0e-9a54-0d6c9a1b2c3d", version: 1, type: "person_profile", epoch: 1, contentSealed: "AAAB" };
  const epoch = { epoch: 1, createdById: "6f1c1d7e-3a43-4c0e-9a54-0d6c9a1b2c3d", keyCheckValue: `${"A".repeat(42)}E`, signature: `${"A".repeat(85)}Q` };

  it("accept canonical base64url and refuse any other spelling with 'not base64url'", () => {
    expect(sealedRecordWireSchema.safeParse(record).success).toBe(true);
    expect(epochWireSchema.safeParse(epoch).success).toBe(true);
    const messages = (result: { error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message);
    // Trailing bits set, padding, the standard alphabet: Node's decoder read each of these.
    for (const contentSealed of ["AAB", "AA==", "A+/A"]) expect(messages(sealedRecordWireSchema.safeParse({ ...record, contentSealed })), contentSealed).toEqual(["not base64url"]);
    expect(messages(epochWireSchema.safeParse({ ...epoch, keyCheckValue: `${"A".repeat(42)}F` }))).toEqual(["not base64url"]);
    expect(messages(epochWireSchema.safeParse({ ...epoch, signature: `${"A".repeat(85)}R` }))).toEqual(["not base64url"]);
  });
});
