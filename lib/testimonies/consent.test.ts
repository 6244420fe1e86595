/**
 * Consent rules: the last entry for a purpose decides; withdrawn later wins;
 * nothing asked is "not_asked"; legal use needs legal_proceedings given and
 * not withdrawn; the legal_review guard needs documentation given; sharing is
 * per named recipient.
 */
import { describe, expect, it } from "vitest";
import {
  allowsLegalUse,
  allowsPublication,
  allowsSharingWith,
  consentFacts,
  consentState,
  consentSummary,
  recordsConsent,
  sharingRecipients,
} from "./consent";
import { consentPurposes, testimonySchema, type ConsentEntry } from "./schema";
import { entry, sampleTestimony } from "./test-fixtures";

const log = (...consent: ConsentEntry[]) => ({ consent });

describe("consentState", () => {
  it("is not_asked without entries, for every purpose", () => {
    for (const purpose of consentPurposes) expect(consentState(log(), purpose)).toBe("not_asked");
  });

  it("is the status of the last entry for the purpose, ignoring other purposes", () => {
    const t = log(entry("documentation", "given"), entry("legal_proceedings", "refused"), entry("anonymised_publication", "not_asked"));
    expect(consentState(t, "documentation")).toBe("given");
    expect(consentState(t, "legal_proceedings")).toBe("refused");
    expect(consentState(t, "anonymised_publication")).toBe("not_asked");
    expect(consentState(t, "third_party_sharing")).toBe("not_asked");
  });

  it("a withdrawal after consent wins; a fresh consent after a withdrawal counts again", () => {
    const given = entry("legal_proceedings", "given", "2024-01-10");
    const withdrawn = entry("legal_proceedings", "withdrawn", "2024-05-02", { method: "oral" });
    expect(consentState(log(given, withdrawn), "legal_proceedings")).toBe("withdrawn");
    const again = entry("legal_proceedings", "given", "2024-09-01");
    expect(consentState(log(given, withdrawn, again), "legal_proceedings")).toBe("given");
  });

  it("a refusal after consent also ends it", () => {
    expect(consentState(log(entry("documentation", "given"), entry("documentation", "refused")), "documentation")).toBe("refused");
  });
});

describe("allowsLegalUse (export and bundles)", () => {
  it("needs legal_proceedings given", () => {
    expect(allowsLegalUse(log(entry("legal_proceedings", "given")))).toBe(true);
    expect(allowsLegalUse(log())).toBe(false);
    expect(allowsLegalUse(log(entry("legal_proceedings", "refused")))).toBe(false);
    expect(allowsLegalUse(log(entry("legal_proceedings", "not_asked")))).toBe(false);
  });

  it("is false once withdrawn, even though the consent stays on record", () => {
    const t = log(entry("legal_proceedings", "given"), entry("legal_proceedings", "withdrawn", "2024-06-01"));
    expect(allowsLegalUse(t)).toBe(false);
    expect(t.consent[0]!.status).toBe("given");
  });

  it("is not granted by any other purpose", () => {
    const t = log(
      entry("documentation", "given"),
      entry("anonymised_publication", "given"),
      entry("third_party_sharing", "given", "2024-03-01", { recipients: [{ name: "Regional court" }] }),
    );
    expect(allowsLegalUse(t)).toBe(false);
    expect(allowsPublication(t)).toBe(true);
  });
});

describe("recordsConsent (the legal_review guard)", () => {
  it("needs documentation consent given and not withdrawn or refused since", () => {
    expect(recordsConsent(log(entry("documentation", "given")))).toBe(true);
    expect(recordsConsent(log(entry("documentation", "given"), entry("documentation", "withdrawn", "2024-04-01")))).toBe(false);
    expect(recordsConsent(log(entry("documentation", "refused")))).toBe(false);
    expect(recordsConsent(log())).toBe(false);
  });

  it("is not satisfied by legal consent alone", () => {
    expect(recordsConsent(log(entry("legal_proceedings", "given")))).toBe(false);
  });

  it("consentFacts gives both facts", () => {
    expect(consentFacts(sampleTestimony())).toEqual({ recordsConsent: true, allowsLegalUse: true });
    expect(consentFacts(log(entry("documentation", "given")))).toEqual({ recordsConsent: true, allowsLegalUse: false });
  });
});

describe("third-party sharing, per named recipient", () => {
  const ecthr = "European Court of Human Rights";
  const lawyer = "Адвокат М. Иванова";

  it("tracks each recipient; withdrawing one leaves the others", () => {
    const t = log(
      entry("third_party_sharing", "given", "2024-01-01", { recipients: [{ name: ecthr }, { name: lawyer }] }),
      entry("third_party_sharing", "withdrawn", "2024-02-01", { recipients: [{ name: "european court of  human rights" }] }),
    );
    expect(testimonySchema.shape.consent.safeParse(t.consent).success).toBe(true);
    expect(sharingRecipients(t)).toEqual([
      { name: "european court of  human rights", state: "withdrawn", date: "2024-02-01" },
      { name: lawyer, state: "given", date: "2024-01-01" },
    ]);
    expect(allowsSharingWith(t, lawyer)).toBe(true);
    expect(allowsSharingWith(t, "адвокат м. иванова")).toBe(true);
    expect(allowsSharingWith(t, ecthr)).toBe(false);
    expect(allowsSharingWith(t, "UN CAT")).toBe(false);
    expect(consentState(t, "third_party_sharing")).toBe("given");
  });

  it("a withdrawal naming nobody withdraws from everyone", () => {
    const t = log(
      entry("third_party_sharing", "given", "2024-01-01", { recipients: [{ name: ecthr }, { name: lawyer }] }),
      entry("third_party_sharing", "withdrawn", "2024-03-01"),
    );
    expect(sharingRecipients(t).map((r) => r.state)).toEqual(["withdrawn", "withdrawn"]);
    expect(consentState(t, "third_party_sharing")).toBe("withdrawn");
    expect(allowsSharingWith(t, lawyer)).toBe(false);
  });

  it("consent given to nobody (a draft) gives nothing", () => {
    expect(consentState(log(entry("third_party_sharing", "given")), "third_party_sharing")).toBe("not_asked");
  });
});

describe("consentSummary", () => {
  it("lists every purpose in order with its state, date and method", () => {
    const t = log(
      entry("documentation", "given", "2024-01-01"),
      entry("third_party_sharing", "given", "2024-01-01", { recipients: [{ name: "UN CAT" }] }),
      entry("documentation", "withdrawn", "2024-02-01", { method: "recorded" }),
    );
    expect(consentSummary(t)).toEqual([
      { purpose: "documentation", state: "withdrawn", date: "2024-02-01", method: "recorded", recipients: [] },
      { purpose: "legal_proceedings", state: "not_asked", date: "", method: "", recipients: [] },
      {
        purpose: "third_party_sharing",
        state: "given",
        date: "2024-01-01",
        method: "written",
        recipients: [{ name: "UN CAT", state: "given", date: "2024-01-01" }],
      },
      { purpose: "anonymised_publication", state: "not_asked", date: "", method: "", recipients: [] },
    ]);
  });
});
