"use client";

import { useTranslations } from "next-intl";
import type { Effects } from "@/lib/testimonies/schema";
import { TextareaField } from "../../form/textarea-field";
import { Section, type SectionProps } from "./shared";

const effects: (keyof Effects)[] = ["physicalImmediate", "physicalLasting", "psychologicalImmediate", "psychologicalLasting"];

/** Physical and psychological effects, immediate and lasting, and the medical care received. */
export function EffectsSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;
  return (
    <Section section="effects">
      <div className="grid gap-3 sm:grid-cols-2">
        {effects.map((key) => (
          <TextareaField key={key} label={t(`field.effects_${key}`)} rows={3} error={fieldError(`effects.${key}`)} {...register(`effects.${key}`)} />
        ))}
      </div>
      <TextareaField label={t("field.medicalCare")} rows={3} error={fieldError("medicalCare")} {...register("medicalCare")} />
    </Section>
  );
}
