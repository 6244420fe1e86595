"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { perpetratorFields } from "@/lib/testimonies/fields";
import { emptyPerpetrator, isBlank } from "@/lib/testimonies/schema";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { ItemGroup, ListError, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** The perpetrators of one incident, as far as the person could tell. */
export function PerpetratorsList({ form, fieldError, incident }: SectionProps & { incident: number }) {
  const t = useTranslations("testimony");
  const name = `incidents.${incident}.perpetrators` as const;
  const list = useFieldArray({ control: form.control, name });
  const add = useAddButton();

  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-semibold text-slate-700">{t("field.incidents_perpetrators")}</legend>
      {list.fields.map((field, i) => {
        const heading = t("heading.incidents_perpetrators", { n: i + 1 });
        return (
          <ItemGroup
            key={field.id}
            legend={heading}
            actions={
              <RemoveItemButton
                label={t("remove.incidents_perpetrators", { n: i + 1, incident: incident + 1 })}
                itemName={heading}
                hasContent={() => !isBlank(form.getValues(`${name}.${i}`))}
                onRemove={() => {
                  list.remove(i);
                  add.focusAdd();
                }}
              />
            }
          >
            <TableFields form={form} fieldError={fieldError} at={`${name}.${i}`} table={perpetratorFields} />
          </ItemGroup>
        );
      })}
      <ListError message={fieldError(name)} />
      <AddItemButton
        addRef={add.ref}
        label={t("add.incidents_perpetratorsFor", { incident: incident + 1 })}
        onAdd={() => list.append({ ...emptyPerpetrator })}
      >
        {t("add.incidents_perpetrators")}
      </AddItemButton>
    </fieldset>
  );
}
