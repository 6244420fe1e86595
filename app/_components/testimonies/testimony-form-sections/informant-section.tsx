"use client";

import { useTranslations } from "next-intl";
import { informantRoles } from "@/lib/testimonies/schema";
import { SelectField } from "../../form/select-field";
import { TextField } from "../../form/text-field";
import { Section, type SectionProps } from "./shared";

/** The person giving this account: the person at risk, or a witness. */
export function InformantSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;
  return (
    <Section section="informant">
      <div className="grid gap-3 sm:grid-cols-[16rem_1fr]">
        <SelectField
          label={t("field.informant_role")}
          options={informantRoles.map((r) => ({ value: r, label: t(`informantRoles.${r}`) }))}
          error={fieldError("informant.role")}
          {...register("informant.role")}
        />
        <TextField label={t("field.informant_name")} error={fieldError("informant.name")} {...register("informant.name")} />
      </div>
      <TextField
        label={t("field.informant_relation")}
        hint={t("hint.relation")}
        error={fieldError("informant.relation")}
        {...register("informant.relation")}
      />
    </Section>
  );
}
