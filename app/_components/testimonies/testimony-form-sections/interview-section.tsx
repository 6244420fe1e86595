"use client";

import { useTranslations } from "next-intl";
import { TextField } from "../../form/text-field";
import { PersonList } from "./person-list";
import { Section, type SectionProps } from "./shared";

/** Who took the testimony, when, where, through whom and in which language. */
export function InterviewSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;
  return (
    <Section section="interview">
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label={t("field.interview_date")} hint={t("hint.date")} error={fieldError("interview.date")} {...register("interview.date")} />
        <TextField label={t("field.interview_time")} hint={t("hint.time")} error={fieldError("interview.time")} {...register("interview.time")} />
        <TextField label={t("field.interview_language")} error={fieldError("interview.language")} {...register("interview.language")} />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("field.interview_place")} error={fieldError("interview.place")} {...register("interview.place")} />
        <TextField label={t("field.interview_interviewer")} error={fieldError("interview.interviewer")} {...register("interview.interviewer")} />
      </div>
      <fieldset className="min-w-0 space-y-2 rounded border border-slate-200 p-3">
        <legend className="px-1 text-sm font-semibold text-slate-700">{t("field.interview_interpreter")}</legend>
        <p className="text-xs text-slate-500">{t("hint.interpreter")}</p>
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField
            label={t("field.interview_interpreter_name")}
            error={fieldError("interview.interpreter.name")}
            {...register("interview.interpreter.name")}
          />
          <TextField
            label={t("field.interview_interpreter_languageFrom")}
            error={fieldError("interview.interpreter.languageFrom")}
            {...register("interview.interpreter.languageFrom")}
          />
          <TextField
            label={t("field.interview_interpreter_languageTo")}
            error={fieldError("interview.interpreter.languageTo")}
            {...register("interview.interpreter.languageTo")}
          />
        </div>
      </fieldset>
      <fieldset className="min-w-0 space-y-2">
        <legend className="text-sm font-semibold text-slate-700">{t("field.interview_present")}</legend>
        <PersonList form={form} fieldError={fieldError} name="interview.present" roleHint={t("hint.presentRole")} />
      </fieldset>
    </Section>
  );
}
