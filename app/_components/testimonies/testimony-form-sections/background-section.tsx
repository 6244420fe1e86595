"use client";

import { useTranslations } from "next-intl";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { Section, type SectionProps } from "./shared";

/** How the person came into custody or contact: arrest, summons, abduction, a border stop… */
export function BackgroundSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;
  return (
    <Section section="background">
      <TextareaField
        label={t("field.background_circumstances")}
        rows={4}
        error={fieldError("background.circumstances")}
        {...register("background.circumstances")}
      />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label={t("field.background_date")} hint={t("hint.date")} error={fieldError("background.date")} {...register("background.date")} />
        <TextField label={t("field.background_time")} hint={t("hint.time")} error={fieldError("background.time")} {...register("background.time")} />
        <TextField label={t("field.background_place")} error={fieldError("background.place")} {...register("background.place")} />
      </div>
      <TextareaField label={t("field.background_reasonGiven")} rows={2} error={fieldError("background.reasonGiven")} {...register("background.reasonGiven")} />
      <TextareaField label={t("field.background_force")} rows={3} error={fieldError("background.force")} {...register("background.force")} />
      <TextareaField label={t("field.background_restraints")} rows={2} error={fieldError("background.restraints")} {...register("background.restraints")} />
    </Section>
  );
}
