"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { emptyPerpetrator, isBlank } from "@/lib/testimonies/schema";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { ItemGroup, ListError, type SectionProps } from "./shared";

/** The perpetrators of one incident, as far as the person could tell. */
export function PerpetratorsList({ form, fieldError, incident }: SectionProps & { incident: number }) {
  const t = useTranslations("testimony");
  const { register } = form;
  const name = `incidents.${incident}.perpetrators` as const;
  const list = useFieldArray({ control: form.control, name });
  const add = useAddButton();

  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-semibold text-slate-700">{t("field.incidents_perpetrators")}</legend>
      {list.fields.map((field, i) => {
        const heading = t("heading.incidents_perpetrators", { n: i + 1 });
        const at = (key: keyof typeof emptyPerpetrator) => `${name}.${i}.${key}` as const;
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
            <div className="grid gap-3 sm:grid-cols-3">
              <TextField label={t("label.perpetratorName")} error={fieldError(at("name"))} {...register(at("name"))} />
              <TextField label={t("label.rank")} error={fieldError(at("rank"))} {...register(at("rank"))} />
              <TextField label={t("label.unit")} error={fieldError(at("unit"))} {...register(at("unit"))} />
            </div>
            <TextField label={t("label.uniform")} error={fieldError(at("uniform"))} {...register(at("uniform"))} />
            <TextareaField label={t("label.perpetratorDescription")} rows={2} error={fieldError(at("description"))} {...register(at("description"))} />
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
