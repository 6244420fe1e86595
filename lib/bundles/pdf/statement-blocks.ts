/**
 * A testimony laid out as the print view lays it out
 * (app/_components/testimonies/testimony-statement.tsx), as plain blocks a
 * PDF writer draws: the same sections in the same order, the same labels
 * (labels.ts), empty fields, items and sections left out, informant and
 * consent always shown.
 *
 * The fields inside a section are not listed here: they come from the
 * record's schema (testimonySchema), in its order, so a field added to the
 * schema appears in the court copy without touching this file. What is
 * listed is only the print view's grouping: which top-level parts make up
 * which section.
 */
import { z } from "zod";
import { displayValue, fieldLabel, itemLabel, text, type Labels } from "@/lib/testimonies/labels";
import { consentSummary } from "@/lib/testimonies/consent";
import { consentPurposes, isBlank, testimonySchema, type Testimony } from "@/lib/testimonies/schema";

export type Row = [label: string, value: string];

export type Block =
  | { kind: "section"; title: string }
  /** A list item ("Incident 2") or a nested one ("Perpetrator 1", level 2). */
  | { kind: "item"; title: string; level: number }
  | { kind: "fields"; rows: Row[]; level: number }
  /** Numbered entries (people, links to evidence): a main line and details under it. */
  | { kind: "list"; caption: string | null; entries: { number: number; main: string; detail: string }[]; level: number }
  | { kind: "prose"; paragraphs: string[] }
  | { kind: "note"; text: string; level: number };

type TopKey = keyof Testimony;

/** The print view's sections, in its order, and the parts of the record each shows. */
const SECTIONS: { name: string; keys: TopKey[]; always?: boolean }[] = [
  { name: "interview", keys: ["interview"] },
  { name: "informant", keys: ["informant"], always: true },
  { name: "background", keys: ["background"] },
  { name: "detention", keys: ["detention"] },
  { name: "incidents", keys: ["incidents"] },
  { name: "effects", keys: ["effects", "medicalCare"] },
  { name: "witnesses", keys: ["witnesses"] },
  { name: "othersAffected", keys: ["othersAffected"] },
  { name: "narrative", keys: ["narrative"] },
  { name: "interviewerNotes", keys: ["interviewerNotes"] },
  { name: "evidence", keys: ["evidence"] },
  { name: "consent", keys: ["consent"], always: true },
];

type AnyObject = z.ZodObject<z.ZodRawShape>;

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
}

/** A person row (present, witnesses, others affected) is shown as "name · role" and details, as the print view's People. */
function isPersonRow(element: AnyObject): boolean {
  return Object.keys(element.shape).sort().join(",") === "details,name,role";
}

/** An object's short fields as rows (nested objects such as the interpreter flattened), then its lists. */
function objectBlocks(l: Labels, schema: AnyObject, value: unknown, path: string, level: number): Block[] {
  const rows: Row[] = [];
  const lists: Block[] = [];
  const visit = (shape: AnyObject, v: unknown, p: string) => {
    for (const [key, child] of Object.entries(shape.shape)) {
      const childPath = `${p}.${key}`;
      if (child instanceof z.ZodObject) visit(child, field(v, key), childPath);
      else if (child instanceof z.ZodArray) lists.push(...arrayBlocks(l, child, field(v, key), childPath, level));
      else rows.push([fieldLabel(l, childPath), displayValue(l, childPath, field(v, key))]);
    }
  };
  visit(schema, value, path);
  const shown = rows.filter(([, v]) => v.trim() !== "");
  return [...(shown.length > 0 ? [{ kind: "fields" as const, rows: shown, level }] : []), ...lists];
}

function arrayBlocks(l: Labels, schema: z.ZodArray, value: unknown, path: string, level: number): Block[] {
  const items = Array.isArray(value) ? value : [];
  const element = schema.element;
  if (!(element instanceof z.ZodObject) || isBlank(items)) return [];
  if (isPersonRow(element)) {
    const entries = items.flatMap((p: unknown, i) => {
      if (isBlank(p)) return [];
      const name = String(field(p, "name") ?? "");
      const role = String(field(p, "role") ?? "");
      return [{ number: i + 1, main: [name, role].filter((s) => s !== "").join(" · "), detail: String(field(p, "details") ?? "") }];
    });
    // Only the people present get a caption: elsewhere the section's title names them.
    return [{ kind: "list", caption: path === "interview.present" ? fieldLabel(l, path) : null, entries, level }];
  }
  return items.flatMap((item: unknown, i) =>
    isBlank(item) ? [] : [{ kind: "item" as const, title: itemLabel(l, `${path}.${i}`), level: level + 1 }, ...objectBlocks(l, element, item, `${path}.${i}`, level + 1)],
  );
}

function evidenceBlocks(testimony: Testimony): Block[] {
  if (testimony.evidence.length === 0) return [];
  return [{ kind: "list", caption: null, entries: testimony.evidence.map((e, i) => ({ number: i + 1, main: e.evidenceId, detail: e.note })), level: 0 }];
}

/** Per purpose its current state and every log entry for it, numbered as in the whole log; "—" for an empty cell, as the print view's table. */
function consentBlocks(l: Labels, testimony: Testimony): Block[] {
  const blocks: Block[] = [];
  if (testimony.consent.length === 0) blocks.push({ kind: "note", text: text(l, "testimonyView.consent.empty", "No consent recorded."), level: 0 });
  const summary = consentSummary(testimony);
  const status = (s: string) => text(l, `testimony.consentStatuses.${s}`, s);
  const column = (name: string) => fieldLabel(l, `consent.${name}`);
  for (const purpose of consentPurposes) {
    const current = summary.find((s) => s.purpose === purpose);
    if (!current) continue;
    const since = current.date ? ` (${text(l, "testimonyView.consent.since", `since ${current.date}`, { date: current.date })})` : "";
    blocks.push({ kind: "item", title: `${text(l, `testimony.consentPurposes.${purpose}`, purpose)} — ${status(current.state)}${since}`, level: 1 });
    if (current.recipients.length > 0) {
      const recipients = current.recipients.map((r) => {
        const line = text(l, "testimonyView.consent.recipientState", `${r.name}: ${r.state}`, { name: r.name, status: status(r.state) });
        return r.date ? `${line} (${r.date})` : line;
      });
      blocks.push({ kind: "note", text: recipients.join("; "), level: 1 });
    }
    testimony.consent.forEach((entry, index) => {
      if (entry.purpose !== purpose) return;
      const noRecipients = entry.status === "refused" || entry.status === "withdrawn" ? text(l, "testimonyView.consent.everyoneNamed", "Everyone named so far") : "—";
      const rows: Row[] = [
        [column("date"), entry.date || "—"],
        [column("status"), displayValue(l, "consent.status", entry.status)],
        [column("method"), displayValue(l, "consent.method", entry.method) || "—"],
        [column("witnessedBy"), entry.witnessedBy || "—"],
        ...(purpose === "third_party_sharing" ? [[column("recipients"), entry.recipients.map((r) => r.name).join(", ") || noRecipients] as Row] : []),
        ...(entry.notes.trim() !== "" ? [[column("notes"), entry.notes] as Row] : []),
      ];
      blocks.push({ kind: "item", title: itemLabel(l, `consent.${index}`), level: 2 }, { kind: "fields", rows, level: 2 });
    });
  }
  return blocks;
}

/** Paragraphs split at blank lines, single line breaks kept (the print view's Prose). */
function prose(value: string): Block {
  return { kind: "prose", paragraphs: value.split(/\n[ \t]*\n/).filter((p) => p.trim() !== "") };
}

function partBlocks(l: Labels, testimony: Testimony, key: TopKey, alone: boolean): Block[] {
  if (key === "evidence") return evidenceBlocks(testimony);
  if (key === "consent") return consentBlocks(l, testimony);
  const schema = testimonySchema.shape[key];
  const value = testimony[key];
  if (schema instanceof z.ZodObject) return objectBlocks(l, schema, value, key, 0);
  if (schema instanceof z.ZodArray) return arrayBlocks(l, schema, value, key, 0);
  const s = typeof value === "string" ? value : "";
  if (s.trim() === "") return [];
  // A text that is its own section (narrative, interviewer's notes) reads as prose; one among others (medical care) as a field.
  return alone ? [prose(s)] : [{ kind: "fields", rows: [[fieldLabel(l, key), s]], level: 0 }];
}

export function statementBlocks(l: Labels, testimony: Testimony): Block[] {
  return SECTIONS.flatMap((section) => {
    if (!section.always && section.keys.every((key) => isBlank(testimony[key]))) return [];
    const body = section.keys.flatMap((key) => partBlocks(l, testimony, key, section.keys.length === 1));
    return [{ kind: "section" as const, title: text(l, `testimony.sections.${section.name}`, section.name) }, ...body];
  });
}
