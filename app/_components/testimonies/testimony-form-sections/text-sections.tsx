"use client";

import { useTranslations } from "next-intl";
import { TextareaField } from "../../form/textarea-field";
import { Section, type SectionProps } from "./shared";

/**
 * The account in the person's own words. Uncontrolled (register): a keystroke
 * never re-renders React here, so a 200 KB narrative types like a short one.
 */
export function NarrativeSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  return (
    <Section section="narrative">
      <TextareaField label={t("field.narrative")} hint={t("hint.narrative")} rows={16} error={fieldError("narrative")} {...form.register("narrative")} />
    </Section>
  );
}

/** The interviewer's own observations. */
export function InterviewerNotesSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  return (
    <Section section="interviewerNotes">
      <TextareaField label={t("field.interviewerNotes")} rows={6} error={fieldError("interviewerNotes")} {...form.register("interviewerNotes")} />
    </Section>
  );
}
