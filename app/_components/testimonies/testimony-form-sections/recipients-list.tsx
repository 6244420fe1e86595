"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import type { ConsentPurpose } from "@/lib/testimonies/schema";
import { Button } from "../../form/button";
import { TextField } from "../../form/text-field";
import { AddItemButton, useAddButton } from "./list-controls";
import { ListError, type SectionProps } from "./shared";

/**
 * Whom a third-party-sharing entry covers. Shown for that purpose only — or
 * while names are still there after the purpose changed, so the error about
 * them can be seen and the names removed.
 */
export function RecipientsList({ form, fieldError, entry, purpose }: SectionProps & { entry: number; purpose: ConsentPurpose }) {
  const t = useTranslations("testimony");
  const name = `consent.${entry}.recipients` as const;
  const list = useFieldArray({ control: form.control, name });
  const add = useAddButton();
  if (purpose !== "third_party_sharing" && list.fields.length === 0) return null;

  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-semibold text-slate-700">{t("field.consent_recipients")}</legend>
      <p className="text-xs text-slate-500">{t("hint.recipients")}</p>
      {list.fields.map((field, i) => (
        <div key={field.id} className="flex items-end gap-2">
          <div className="flex-1">
            <TextField
              label={t("heading.consent_recipients", { n: i + 1 })}
              error={fieldError(`${name}.${i}.name`)}
              {...form.register(`${name}.${i}.name`)}
            />
          </div>
          <Button
            type="button"
            variant="quiet"
            aria-label={t("remove.consent_recipients", { n: i + 1, entry: entry + 1 })}
            onClick={() => {
              list.remove(i);
              add.focusAdd();
            }}
          >
            {t("remove.label")}
          </Button>
        </div>
      ))}
      <ListError message={fieldError(name)} />
      <AddItemButton addRef={add.ref} label={t("add.consent_recipientsFor", { entry: entry + 1 })} onAdd={() => list.append({ name: "" })}>
        {t("add.consent_recipients")}
      </AddItemButton>
    </fieldset>
  );
}
