import { isBlank, type Testimony } from "@/lib/testimonies/schema";

// The testimony form's sections, in the order they are shown, and which of
// them already say something (for the progress navigation). Pure.

export const testimonySections = [
  "interview",
  "informant",
  "background",
  "detention",
  "incidents",
  "effects",
  "witnesses",
  "othersAffected",
  "narrative",
  "interviewerNotes",
  "evidence",
  "consent",
] as const;

export type TestimonySection = (typeof testimonySections)[number];

/** The element id of a section (an in-page anchor target). */
export function sectionAnchor(section: TestimonySection): string {
  return `testimony-form-${section}`;
}

/** Absent (a list mid-update) counts as empty. */
const empty = (value: unknown) => value === undefined || value === null || isBlank(value);

/**
 * Whether each section has any content, in testimonySections order. The
 * informant's role always has a value, so it alone does not count; a consent
 * log with any entry does.
 */
export function filledSections(values: Partial<Testimony>): boolean[] {
  return testimonySections.map((section) => {
    switch (section) {
      case "informant":
        return !empty(values.informant?.name) || !empty(values.informant?.relation);
      case "effects":
        return !empty(values.effects) || !empty(values.medicalCare);
      case "consent":
        return (values.consent?.length ?? 0) > 0;
      default:
        return !empty(values[section]);
    }
  });
}

/** The top-level record key each section edits. */
const sectionOfKey: Record<string, TestimonySection> = { medicalCare: "effects" };

/** The sections holding the given top-level error keys ("interview", "medicalCare"…), in form order. */
export function sectionsWithErrors(keys: readonly string[]): TestimonySection[] {
  const hit = new Set(keys.map((k) => sectionOfKey[k] ?? k));
  return testimonySections.filter((s) => hit.has(s));
}
