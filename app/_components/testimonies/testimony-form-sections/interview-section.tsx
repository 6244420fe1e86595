"use client";

import { useTranslations } from "next-intl";
import { interpreterFields, interviewFields } from "@/lib/testimonies/fields";
import { PersonList } from "./person-list";
import { Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** Who took the testimony, when, where, through whom and in which language. */
export function InterviewSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  return (
    <Section section="interview">
      <TableFields form={form} fieldError={fieldError} at="interview" table={interviewFields} />
      <fieldset className="min-w-0 space-y-2 rounded border border-slate-200 p-3">
        <legend className="px-1 text-sm font-semibold text-slate-700">{t("field.interview_interpreter")}</legend>
        <p className="text-xs text-slate-500">{t("hint.interpreter")}</p>
        <TableFields form={form} fieldError={fieldError} at="interview.interpreter" table={interpreterFields} />
      </fieldset>
      <fieldset className="min-w-0 space-y-2">
        <legend className="text-sm font-semibold text-slate-700">{t("field.interview_present")}</legend>
        <PersonList form={form} fieldError={fieldError} name="interview.present" roleHint={t("hint.presentRole")} />
      </fieldset>
    </Section>
  );
}
