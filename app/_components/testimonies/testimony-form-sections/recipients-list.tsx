"use client";

import { useTranslations } from "next-intl";
import { useWatch } from "react-hook-form";
import type { ConsentPurpose } from "@/lib/testimonies/schema";
import { TextField } from "../../form/text-field";
import { RepeatableList } from "./repeatable-list";
import type { SectionProps } from "./shared";

/**
 * Whom a third-party-sharing entry covers. Shown for that purpose only — or
 * while names are still there after the purpose changed, so the error about
 * them can be seen and the names removed.
 */
export function RecipientsList({ form, fieldError, entry, purpose }: SectionProps & { entry: number; purpose: ConsentPurpose }) {
  const t = useTranslations("testimony");
  const name = `consent.${entry}.recipients` as const;
  // Watched here, outside the list, because the whole fieldset goes when there is nothing to show.
  const recipients = useWatch({ control: form.control, name });
  if (purpose !== "third_party_sharing" && recipients.length === 0) return null;

  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-semibold text-slate-700">{t("field.consent_recipients")}</legend>
      <p className="text-xs text-slate-500">{t("hint.recipients")}</p>
      <RepeatableList form={form} fieldError={fieldError} name={name} emptyItem={{ name: "" }} within={{ entry: entry + 1 }} layout="inline">
        {(i, heading) => <TextField label={heading} error={fieldError(`${name}.${i}.name`)} {...form.register(`${name}.${i}.name`)} />}
      </RepeatableList>
    </fieldset>
  );
}
