"use client";

import { useTranslations } from "next-intl";
import { emptyPersonRow } from "@/lib/testimonies/schema";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { RepeatableList } from "./repeatable-list";
import type { SectionProps } from "./shared";

/** The three lists of people: others present at the interview, witnesses, others affected. */
export type PersonListName = "interview.present" | "witnesses" | "othersAffected";

export function PersonList({ form, fieldError, name, roleHint }: SectionProps & { name: PersonListName; roleHint?: string }) {
  const t = useTranslations("testimony");

  return (
    <div className="space-y-3">
      <RepeatableList form={form} fieldError={fieldError} name={name} emptyItem={emptyPersonRow}>
        {(i) => (
          <>
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label={t("label.name")} error={fieldError(`${name}.${i}.name`)} {...form.register(`${name}.${i}.name`)} />
              <TextField label={t("label.role")} hint={roleHint} error={fieldError(`${name}.${i}.role`)} {...form.register(`${name}.${i}.role`)} />
            </div>
            <TextareaField label={t("label.details")} rows={2} error={fieldError(`${name}.${i}.details`)} {...form.register(`${name}.${i}.details`)} />
          </>
        )}
      </RepeatableList>
    </div>
  );
}
