import { describe, expect, it } from "vitest";
import { testimonyDiff } from "@/lib/testimonies/diff";
import { emptyConsentEntry, emptyDetention, emptyIncident, emptyPerpetrator, emptyPersonRow, emptyTestimony } from "@/lib/testimonies/schema";
import { ids, sampleTestimony } from "@/lib/testimonies/test-fixtures";
import en from "@/messages/en.json";
import ru from "@/messages/ru.json";
import { describeChangePath, displayValue, fieldLabel, flattenItem, humanize, itemLabel, type Labels } from "./labels";

/** A tiny catalogue in the shape of messages/*.json's "testimony" namespace. */
const catalogue: Record<string, string> = {
  "testimony.sections.narrative": "Narrative",
  "testimony.sections.interviewerNotes": "Interviewer's notes",
  "testimony.field.interview": "Interview",
  "testimony.field.interview_place": "Place of the interview",
  "testimony.field.interview_interpreter_name": "Interpreter's name",
  "testimony.field.interview_present_name": "Person present: name",
  "testimony.field.background": "Background",
  "testimony.field.background_date": "Date",
  "testimony.field.incidents_methods": "Methods of ill-treatment",
  "testimony.field.incidents_perpetrators_rank": "Perpetrator: rank or position",
  "testimony.field.incidents_perpetrators_unit": "Perpetrator: unit or agency",
  "testimony.field.witnesses_details": "Witness: details",
  "testimony.field.narrative": "Account in the person's own words",
  "testimony.field.consent_status": "Decision",
  "testimony.field.informant_role": "The informant is",
  "testimony.item.interview_present": "Person present",
  "testimony.item.incidents": "Incident",
  "testimony.item.incidents_perpetrators": "Perpetrator",
  "testimony.item.witnesses": "Witness",
  "testimony.item.consent": "Consent entry",
  "testimonyView.numbered": "{label} {n}",
  "testimony.informantRoles.witness": "A witness",
  "testimony.consentStatuses.withdrawn": "Withdrawn",
};

const l: Labels = {
  has: (key) => key in catalogue,
  t: (key, values) => (catalogue[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? `{${name}}`)),
};

describe("fieldLabel", () => {
  it("looks a path up by its flat key, with or without indices", () => {
    expect(fieldLabel(l, "interview.place")).toBe("Place of the interview");
    expect(fieldLabel(l, "incidents.3.methods")).toBe("Methods of ill-treatment");
    expect(fieldLabel(l, "incidents.methods")).toBe("Methods of ill-treatment");
  });

  it("drops the item's name in front of a field inside a list item", () => {
    expect(fieldLabel(l, "incidents.1.perpetrators.0.rank")).toBe("Rank or position");
    expect(fieldLabel(l, "witnesses.details")).toBe("Details");
    expect(fieldLabel(l, "interview.present.2.name")).toBe("Name");
  });

  it("falls back to a section title, then to the humanized name", () => {
    expect(fieldLabel(l, "interviewerNotes")).toBe("Interviewer's notes");
    expect(fieldLabel(l, "background.reasonGiven")).toBe("Reason given");
  });
});

describe("itemLabel", () => {
  it("numbers items from 1", () => {
    expect(itemLabel(l, "incidents.1")).toBe("Incident 2");
    expect(itemLabel(l, "incidents.0.perpetrators.4")).toBe("Perpetrator 5");
  });

  it("falls back to the humanized list name", () => {
    expect(itemLabel(l, "othersAffected.2")).toBe("Others affected 3");
  });
});

describe("describeChangePath", () => {
  it("names every level with its item numbers", () => {
    expect(describeChangePath(l, "incidents.1.methods")).toEqual(["Incident 2", "Methods of ill-treatment"]);
    expect(describeChangePath(l, "incidents.1.perpetrators.0.rank")).toEqual(["Incident 2", "Perpetrator 1", "Rank or position"]);
    expect(describeChangePath(l, "witnesses.2")).toEqual(["Witness 3"]);
    expect(describeChangePath(l, "consent.0.status")).toEqual(["Consent entry 1", "Decision"]);
  });

  it("puts the section in front of fields of object sections, not of top-level texts", () => {
    expect(describeChangePath(l, "interview.place")).toEqual(["Interview", "Place of the interview"]);
    expect(describeChangePath(l, "background.date")).toEqual(["Background", "Date"]);
    expect(describeChangePath(l, "interview.interpreter.name")).toEqual(["Interview", "Interpreter's name"]);
    expect(describeChangePath(l, "narrative")).toEqual(["Account in the person's own words"]);
  });

  it("labels every path testimonyDiff produces for a realistic edit", () => {
    const before = sampleTestimony();
    const after = sampleTestimony();
    after.incidents.push({ ...emptyIncident, description: "Второй эпизод", perpetrators: [{ ...emptyPerpetrator, unit: "ОМОН" }] });
    after.incidents[0]!.perpetrators[0]!.rank = "майор";
    after.witnesses.splice(0, 1);
    after.narrative += "\nИ ещё.";
    const labels = testimonyDiff(before, after).map((c) => describeChangePath(l, c.path).join(" · "));
    expect(labels).toEqual(["Incident 1 · Perpetrator 1 · Rank or position", "Incident 2", "Witness 1", "Account in the person's own words"]);
  });
});

describe("displayValue", () => {
  it("shows option values through their labels", () => {
    expect(displayValue(l, "informant.role", "witness")).toBe("A witness");
    expect(displayValue(l, "consent.3.status", "withdrawn")).toBe("Withdrawn");
    expect(displayValue(l, "consent.3.status", "unknown")).toBe("unknown");
  });

  it("keeps other values and empties", () => {
    expect(displayValue(l, "interview.place", "Тбилиси")).toBe("Тбилиси");
    expect(displayValue(l, "interview.place", "")).toBe("");
    expect(displayValue(l, "interview.place", null)).toBe("");
  });
});

describe("flattenItem", () => {
  it("lists the non-empty leaves of an item with their paths, without internal ids", () => {
    const item = { entryId: "x", name: "Мать", role: "", details: "видела", recipients: [{ name: "ООН" }] };
    expect(flattenItem("witnesses.1", item)).toEqual([
      { path: "witnesses.1.name", value: "Мать" },
      { path: "witnesses.1.details", value: "видела" },
      { path: "witnesses.1.recipients.0.name", value: "ООН" },
    ]);
  });
});

describe("humanize", () => {
  it("turns a camelCase or snake_case name into words", () => {
    expect(humanize("reasonGiven")).toBe("Reason given");
    expect(humanize("third_party_sharing")).toBe("Third party sharing");
  });
});

describe("the catalogues", () => {
  /** Every leaf path and list item path of a record with one item in every list. */
  function paths(): { leaves: string[]; items: string[] } {
    const full = {
      ...emptyTestimony,
      interview: { ...emptyTestimony.interview, present: [emptyPersonRow] },
      detention: [emptyDetention],
      incidents: [{ ...emptyIncident, perpetrators: [emptyPerpetrator] }],
      witnesses: [emptyPersonRow],
      othersAffected: [emptyPersonRow],
      evidence: [{ evidenceId: ids.evidence1, note: "" }],
      consent: [{ ...emptyConsentEntry(ids.other, "third_party_sharing"), recipients: [{ name: "" }] }],
    };
    const leaves: string[] = [];
    const items: string[] = [];
    const visit = (path: string, value: unknown) => {
      if (Array.isArray(value)) value.forEach((v, i) => (items.push(`${path}.${i}`), visit(`${path}.${i}`, v)));
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(path ? `${path}.${k}` : k, v);
      else leaves.push(path);
    };
    visit("", full);
    return { leaves, items };
  }

  for (const [name, messages] of [["en", en], ["ru", ru]] as const) {
    it(`${name}: has a field label for every field and an item label for every list`, () => {
      const lookup = (key: string) => key.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], messages);
      const flat = (path: string) => path.split(".").filter((p) => !/^\d+$/.test(p)).join("_");
      const { leaves, items } = paths();
      expect(leaves.filter((p) => typeof lookup(`testimony.field.${flat(p)}`) !== "string")).toEqual([]);
      expect(items.filter((p) => typeof lookup(`testimony.item.${flat(p)}`) !== "string")).toEqual([]);
    });
  }
});
