// The testimony's plain fields, once: which fields each part of the record has,
// in reading order, how each is entered, and which sit side by side on a wide
// screen. The form (app/_components/testimonies/testimony-form-sections) and
// the written statement (testimony-statement.tsx) both render from these
// tables, with labels from the catalogue by the field's path (labels.ts), so a
// field is added, renamed or reordered here and nowhere else. The test beside
// this file checks the tables name every text field of the schema exactly once,
// in the schema's order: the court copy (lib/bundles/pdf/statement-blocks.ts)
// follows the schema, so the print view and the PDF read alike.
//
// Not in the tables: the lists of people (present, witnesses, others
// affected: name, role, details), the evidence links and the consent log,
// which each have their own widget and statement layout.

import { informantRoles } from "./schema";

/** How a field is entered: a date (partial dates allowed), a free-text time, one line, a longer text, or one of a set of values. */
export type FieldKind = "date" | "time" | "line" | "text" | "choice";

export type TestimonyField = {
  /** The key inside its part ("place"), so the path is `<part path>.<name>`. */
  readonly name: string;
  readonly kind: FieldKind;
  /** Text areas: visible lines. */
  readonly rows?: number;
  /** A hint key under testimony.hint, beside the one every date and time gets. */
  readonly hint?: string;
  /** Choices: the stored values (labelled through the option lists of labels.ts). */
  readonly options?: readonly string[];
};

/** Fields in reading order, grouped: a group shares one line on a wide screen. */
export type FieldTable = readonly (readonly TestimonyField[])[];

const date = (name: string): TestimonyField => ({ name, kind: "date" });
const time = (name: string): TestimonyField => ({ name, kind: "time" });
const line = (name: string, hint?: string): TestimonyField => ({ name, kind: "line", ...(hint ? { hint } : {}) });
const text = (name: string, rows: number): TestimonyField => ({ name, kind: "text", rows });

export const interviewFields: FieldTable = [[date("date"), time("time"), line("place")], [line("interviewer"), line("language")]];

/** At interview.interpreter. */
export const interpreterFields: FieldTable = [[line("name"), line("languageFrom"), line("languageTo")]];

export const informantFields: FieldTable = [[{ name: "role", kind: "choice", options: informantRoles }, line("name")], [line("relation", "relation")]];

export const backgroundFields: FieldTable = [
  [text("circumstances", 4)],
  [date("date"), time("time"), line("place")],
  [text("reasonGiven", 2)],
  [text("force", 3)],
  [text("restraints", 2)],
];

/** Each item of detention. */
export const detentionFields: FieldTable = [[line("place")], [date("from"), date("to"), line("duration", "duration")], [text("conditions", 3)], [text("routine", 3)]];

/** Each incident: when and where (its perpetrators follow), then what happened. */
export const incidentPlaceFields: FieldTable = [[date("dateFrom"), date("dateTo"), time("time")], [line("location")]];
export const incidentActsFields: FieldTable = [[text("vehicles", 2), text("weapons", 2)], [text("methods", 4)], [text("questions", 3)], [text("coerced", 3)], [text("description", 6)]];

/** Each perpetrator of an incident. */
export const perpetratorFields: FieldTable = [[line("name"), line("rank"), line("unit")], [line("uniform")], [text("description", 2)]];

export const effectsFields: FieldTable = [
  [text("physicalImmediate", 3), text("physicalLasting", 3)],
  [text("psychologicalImmediate", 3), text("psychologicalLasting", 3)],
];

/** The fields of a table in reading order. */
export function fieldsOf(...tables: FieldTable[]): TestimonyField[] {
  return tables.flatMap((table) => table.flat());
}
