"use client";

import { useTranslations } from "next-intl";
import { perpetratorFields } from "@/lib/testimonies/fields";
import { emptyPerpetrator } from "@/lib/testimonies/schema";
import { RepeatableList } from "./repeatable-list";
import type { SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** The perpetrators of one incident, as far as the person could tell. */
export function PerpetratorsList({ form, fieldError, incident }: SectionProps & { incident: number }) {
  const t = useTranslations("testimony");
  const name = `incidents.${incident}.perpetrators` as const;

  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-semibold text-slate-700">{t("field.incidents_perpetrators")}</legend>
      <RepeatableList form={form} fieldError={fieldError} name={name} emptyItem={emptyPerpetrator} within={{ incident: incident + 1 }}>
        {(i) => <TableFields form={form} fieldError={fieldError} at={`${name}.${i}`} table={perpetratorFields} />}
      </RepeatableList>
    </fieldset>
  );
}
