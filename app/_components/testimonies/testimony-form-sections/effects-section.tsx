"use client";

import { useTranslations } from "next-intl";
import { effectsFields } from "@/lib/testimonies/fields";
import { TextareaField } from "../../form/textarea-field";
import { Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** Physical and psychological effects, immediate and lasting, and the medical care received. */
export function EffectsSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  return (
    <Section section="effects">
      <TableFields form={form} fieldError={fieldError} at="effects" table={effectsFields} />
      <TextareaField label={t("field.medicalCare")} rows={3} error={fieldError("medicalCare")} {...form.register("medicalCare")} />
    </Section>
  );
}
