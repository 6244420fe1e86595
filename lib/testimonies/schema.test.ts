/**
 * Testimony schemas: required fields on save, lenient drafts, limits (a 200 KB
 * Cyrillic narrative passes, over the cap is text.tooLong), partial dates,
 * the consent log's rules and its append-only history across versions.
 */
import { describe, expect, it } from "vitest";
import {
  comparePartialDates,
  consentEntrySchema,
  consentLogProblems,
  emptyIncident,
  emptyTestimony,
  isPartialDate,
  TESTIMONY_NARRATIVE_MAX,
  testimonyDraftSchema,
  testimonySchema,
  type Testimony,
} from "./schema";
import { cyrillicText, entry, ids, sampleTestimony } from "./test-fixtures";

/** The issues of a failed parse as "path: message". */
function issues(schema: typeof testimonySchema, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const strict = (value: unknown) => issues(testimonySchema, value);
const draft = (value: unknown) => issues(testimonyDraftSchema, value);

function with_(change: (t: Testimony) => void): Testimony {
  const t = sampleTestimony();
  change(t);
  return t;
}

describe("testimonySchema (saving a version)", () => {
  it("accepts a complete testimony and trims its strings", () => {
    const t = with_((t) => {
      t.informant.name = "  Иван Петров \n";
    });
    const parsed = testimonySchema.parse(t);
    expect(parsed.informant.name).toBe("Иван Петров");
    expect(strict(sampleTestimony())).toEqual([]);
  });

  it("requires the interview date, the informant's name and the narrative", () => {
    expect(strict(emptyTestimony)).toEqual([
      "interview.date: testimony.dateRequired",
      "informant.name: testimony.informantNameRequired",
      "narrative: testimony.narrativeRequired",
    ]);
    expect(strict(with_((t) => (t.narrative = "   \n  ")))).toEqual(["narrative: testimony.narrativeRequired"]);
  });

  it("does not require an incident (arrest or contact only, or a witness account)", () => {
    expect(strict(with_((t) => (t.incidents = [])))).toEqual([]);
  });

  it("refuses blank rows: an empty incident, detention, witness or perpetrator", () => {
    expect(
      strict(
        with_((t) => {
          t.incidents.push({ ...emptyIncident, perpetrators: [{ name: " ", rank: "", unit: "", uniform: "", description: "" }] });
          t.detention.push({ place: "", from: "", to: "", duration: "", conditions: "", routine: "" });
          t.witnesses.push({ name: "", role: "", details: "" });
          t.incidents[0]!.perpetrators.push({ name: "", rank: "", unit: "", uniform: "", description: "" });
        }),
      ),
    ).toEqual([
      "detention.1.place: testimony.detentionEmpty",
      "incidents.0.perpetrators.1.name: testimony.rowEmpty",
      "incidents.1.perpetrators.0.name: testimony.rowEmpty",
      "incidents.1.description: testimony.incidentEmpty",
      "witnesses.2.name: testimony.rowEmpty",
    ]);
  });

  it("accepts a 200 KB Cyrillic narrative and refuses one over the cap with text.tooLong", () => {
    const narrative = cyrillicText(200_000);
    expect(new TextEncoder().encode(narrative).length).toBeGreaterThan(350_000);
    expect(strict(with_((t) => (t.narrative = narrative)))).toEqual([]);
    const atCap = "ж".repeat(TESTIMONY_NARRATIVE_MAX);
    expect(strict(with_((t) => (t.narrative = atCap)))).toEqual([]);
    expect(strict(with_((t) => (t.narrative = `${atCap}ж`)))).toEqual(["narrative: text.tooLong"]);
    expect(draft(with_((t) => (t.narrative = `${atCap}ж`)))).toEqual(["narrative: text.tooLong"]);
  });

  it("caps every other text and list", () => {
    expect(strict(with_((t) => (t.informant.name = "x".repeat(301))))).toEqual(["informant.name: text.tooLong"]);
    expect(strict(with_((t) => (t.interview.place = "x".repeat(501))))).toEqual(["interview.place: text.tooLong"]);
    expect(strict(with_((t) => (t.incidents[0]!.methods = "x".repeat(20_001))))).toEqual(["incidents.0.methods: text.tooLong"]);
    expect(strict(with_((t) => (t.interview.time = "x".repeat(101))))).toEqual(["interview.time: text.tooLong"]);
    const many = Array.from({ length: 101 }, () => ({ name: "a", role: "", details: "" }));
    expect(strict(with_((t) => (t.witnesses = many)))).toEqual(["witnesses: testimony.tooMany"]);
  });

  it("accepts full and partial dates, refuses malformed or impossible ones", () => {
    for (const date of ["2024-03-01", "2024-03", "2024", "2024-02-29", "1950-12-31", " 2024-03 "]) {
      expect(strict(with_((t) => (t.interview.date = date))), date).toEqual([]);
      expect(strict(with_((t) => (t.incidents[0]!.dateFrom = date))), date).toEqual([]);
    }
    for (const date of ["2023-02-29", "2024-13", "2024-00", "2024-04-31", "24-03-01", "2024/03/01", "01.03.2024", "2024-3-1", "1899", "2101", "март 2024", "2024-03-01T10:00"]) {
      expect(strict(with_((t) => (t.interview.date = date))), date).toEqual(["interview.date: testimony.dateFormat"]);
      expect(draft(with_((t) => (t.background.date = date))), date).toEqual(["background.date: testimony.dateFormat"]);
    }
  });

  it("refuses a date range that runs backwards, compared on the precision both share", () => {
    expect(strict(with_((t) => Object.assign(t.incidents[0]!, { dateFrom: "2023-11-14", dateTo: "2023-11-02" })))).toEqual([
      "incidents.0.dateTo: testimony.dateRange",
    ]);
    expect(strict(with_((t) => Object.assign(t.detention[0]!, { from: "2024", to: "2023-12" })))).toEqual(["detention.0.to: testimony.dateRange"]);
    expect(strict(with_((t) => Object.assign(t.incidents[0]!, { dateFrom: "2023-11-14", dateTo: "2023-11" })))).toEqual([]);
  });

  it("links evidence by UUID, once each", () => {
    expect(strict(with_((t) => t.evidence.push({ evidenceId: ids.evidence2, note: "" })))).toEqual([]);
    expect(strict(with_((t) => t.evidence.push({ evidenceId: "not-a-uuid", note: "" })))).toEqual(["evidence.1.evidenceId: testimony.evidenceId"]);
    expect(strict(with_((t) => t.evidence.push({ evidenceId: ids.evidence1.toUpperCase(), note: "" })))).toEqual([
      "evidence.1.evidenceId: testimony.evidenceDuplicate",
    ]);
  });

  it("refuses values outside the lists of choices", () => {
    expect(strict(with_((t) => Object.assign(t.informant, { role: "suspect" })))).toEqual(["informant.role: testimony.choice"]);
    expect(strict(with_((t) => Object.assign(t.consent[0]!, { purpose: "marketing" })))).toEqual(["consent.0.purpose: testimony.choice"]);
    expect(strict(with_((t) => Object.assign(t.consent[0]!, { method: "telepathy" })))).toEqual(["consent.0.method: testimony.choice"]);
  });
});

describe("testimonyDraftSchema (keeping a draft)", () => {
  it("accepts the empty form and blank rows, but still checks formats and limits", () => {
    expect(draft(emptyTestimony)).toEqual([]);
    const t: Testimony = { ...emptyTestimony, incidents: [emptyIncident], witnesses: [{ name: "", role: "", details: "" }] };
    expect(draft(t)).toEqual([]);
    expect(draft({ ...t, informant: { ...t.informant, name: "x".repeat(301) } })).toEqual(["informant.name: text.tooLong"]);
    expect(draft({ ...t, evidence: [{ evidenceId: "x", note: "" }] })).toEqual(["evidence.0.evidenceId: testimony.evidenceId"]);
  });

  it("does not apply the consent log's save rules", () => {
    expect(draft({ ...emptyTestimony, consent: [entry("documentation", "withdrawn", "")] })).toEqual([]);
  });

  it("has the same shape as the strict schema (no missing or extra keys are kept)", () => {
    const parsed = testimonyDraftSchema.parse({ ...emptyTestimony, extra: "dropped" });
    expect(parsed).toEqual(emptyTestimony);
  });
});

describe("partial dates", () => {
  it("isPartialDate knows the calendar", () => {
    expect(isPartialDate("2000-02-29")).toBe(true);
    expect(isPartialDate("1900-02-29")).toBe(false);
    expect(isPartialDate("")).toBe(false);
  });
  it("comparePartialDates compares on shared precision", () => {
    expect(comparePartialDates("2024-05", "2024-05-10")).toBe(0);
    expect(comparePartialDates("2024", "2025-01")).toBe(-1);
    expect(comparePartialDates("2024-06-01", "2024-05")).toBe(1);
  });
});

describe("consent entries", () => {
  const log = (...entries: ReturnType<typeof entry>[]) => strict(with_((t) => (t.consent = entries)));

  it("accepts each purpose given, refused, withdrawn after given, or not asked", () => {
    expect(
      log(
        entry("documentation", "given"),
        entry("legal_proceedings", "refused"),
        entry("anonymised_publication", "not_asked"),
        entry("third_party_sharing", "given", "2024-03-01", { recipients: [{ name: "ECHR" }, { name: "Lawyer M. Ivanova" }] }),
        entry("third_party_sharing", "withdrawn", "2024-06-10", { recipients: [{ name: "echr " }] }),
        entry("documentation", "withdrawn", "2024-06-10", { method: "oral", witnessedBy: "Anna K." }),
      ),
    ).toEqual([]);
  });

  it("needs a date for an answer and a method for consent given", () => {
    expect(consentEntrySchema.safeParse(entry("documentation", "refused", "")).error?.issues.map((i) => i.message)).toEqual(["consent.dateRequired"]);
    expect(consentEntrySchema.safeParse(entry("documentation", "given", "2024-01-01", { method: "" })).error?.issues.map((i) => i.message)).toEqual([
      "consent.methodRequired",
    ]);
  });

  it("names recipients for sharing, and only for sharing", () => {
    expect(log(entry("third_party_sharing", "given"))).toEqual(["consent.0.recipients: consent.recipientsRequired"]);
    expect(log(entry("legal_proceedings", "given", "2024-01-01", { recipients: [{ name: "court" }] }))).toEqual([
      "consent.0.recipients: consent.recipientsOnlyForSharing",
    ]);
    expect(log(entry("third_party_sharing", "given", "2024-01-01", { recipients: [{ name: "  " }] }))).toEqual([
      "consent.0.recipients.0.name: consent.recipientName",
    ]);
  });

  it("refuses a withdrawal of something never given, 'not asked' after an answer, dates going backwards, duplicate ids", () => {
    expect(log(entry("legal_proceedings", "withdrawn"))).toEqual(["consent.0.status: consent.withdrawnWithoutGiven"]);
    expect(
      log(
        entry("third_party_sharing", "given", "2024-01-01", { recipients: [{ name: "UN CAT" }] }),
        entry("third_party_sharing", "withdrawn", "2024-02-01", { recipients: [{ name: "ECHR" }] }),
      ),
    ).toEqual(["consent.1.status: consent.withdrawnWithoutGiven"]);
    expect(log(entry("documentation", "refused"), entry("documentation", "not_asked"))).toEqual(["consent.1.status: consent.notAskedAfterAnswer"]);
    expect(log(entry("documentation", "given", "2024-05-01"), entry("documentation", "withdrawn", "2024-04-30"))).toEqual([
      "consent.1.date: consent.dateOrder",
    ]);
    expect(log(entry("documentation", "given", "2024-05-01"), entry("documentation", "withdrawn", "2024-05"))).toEqual([]);
    const one = entry("documentation", "given");
    expect(log(one, { ...one, purpose: "legal_proceedings" })).toEqual(["consent.1.entryId: consent.duplicateEntry"]);
  });
});

describe("consentLogProblems (append-only across versions)", () => {
  it("accepts a later version that only appends", () => {
    const v1 = sampleTestimony();
    const v2 = { ...v1, consent: [...v1.consent, entry("legal_proceedings", "withdrawn", "2024-07-01")] };
    expect(consentLogProblems(v1, v2)).toEqual([]);
    expect(consentLogProblems(v1, v1)).toEqual([]);
  });

  it("reports an entry removed, edited or moved", () => {
    const v1 = sampleTestimony();
    expect(consentLogProblems(v1, { consent: [v1.consent[0]!] })).toEqual([{ index: 1, message: "consent.entryRemoved" }]);
    expect(consentLogProblems(v1, { consent: [{ ...v1.consent[0]!, status: "refused" }, v1.consent[1]!] })).toEqual([
      { index: 0, message: "consent.entryChanged" },
    ]);
    expect(consentLogProblems(v1, { consent: [v1.consent[1]!, v1.consent[0]!] })).toEqual([
      { index: 0, message: "consent.entryChanged" },
      { index: 1, message: "consent.entryChanged" },
    ]);
  });
});
