"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { emptyPersonRow, isBlank } from "@/lib/testimonies/schema";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { ItemGroup, ListError, type SectionProps } from "./shared";

/** The three lists of people: others present at the interview, witnesses, others affected. */
export type PersonListName = "interview.present" | "witnesses" | "othersAffected";

/** The flat key of a list ("interview.present" → "interview_present") for its labels. */
const flat = (name: PersonListName) => name.replace(".", "_");

export function PersonList({ form, fieldError, name, roleHint }: SectionProps & { name: PersonListName; roleHint?: string }) {
  const t = useTranslations("testimony");
  const list = useFieldArray({ control: form.control, name });
  const add = useAddButton();
  const key = flat(name);

  return (
    <div className="space-y-3">
      {list.fields.map((field, i) => {
        const heading = t(`heading.${key}`, { n: i + 1 });
        return (
          <ItemGroup
            key={field.id}
            legend={heading}
            actions={
              <RemoveItemButton
                label={t(`remove.${key}`, { n: i + 1 })}
                itemName={heading}
                hasContent={() => !isBlank(form.getValues(`${name}.${i}`))}
                onRemove={() => {
                  list.remove(i);
                  add.focusAdd();
                }}
              />
            }
          >
            <div className="grid gap-3 sm:grid-cols-2">
              <TextField label={t("label.name")} error={fieldError(`${name}.${i}.name`)} {...form.register(`${name}.${i}.name`)} />
              <TextField label={t("label.role")} hint={roleHint} error={fieldError(`${name}.${i}.role`)} {...form.register(`${name}.${i}.role`)} />
            </div>
            <TextareaField label={t("label.details")} rows={2} error={fieldError(`${name}.${i}.details`)} {...form.register(`${name}.${i}.details`)} />
          </ItemGroup>
        );
      })}
      <ListError message={fieldError(name)} />
      <AddItemButton addRef={add.ref} onAdd={() => list.append({ ...emptyPersonRow })}>
        {t(`add.${key}`)}
      </AddItemButton>
    </div>
  );
}
