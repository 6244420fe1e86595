"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { emptyIncident, isBlank, type Incident } from "@/lib/testimonies/schema";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { PerpetratorsList } from "./perpetrators-list";
import { ItemGroup, ListError, Section, type SectionProps } from "./shared";

type IncidentText = Exclude<keyof Incident, "perpetrators">;

/** Each incident of ill-treatment on its own: when, where, who, how, what was asked or extracted. */
export function IncidentsSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;
  const list = useFieldArray({ control: form.control, name: "incidents" });
  const add = useAddButton();

  return (
    <Section section="incidents">
      {list.fields.map((field, i) => {
        const heading = t("heading.incidents", { n: i + 1 });
        const at = (key: IncidentText) => `incidents.${i}.${key}` as const;
        const area = (key: IncidentText, rows: number) => (
          <TextareaField label={t(`field.incidents_${key}`)} rows={rows} error={fieldError(at(key))} {...register(at(key))} />
        );
        return (
          <ItemGroup
            key={field.id}
            legend={heading}
            actions={
              <RemoveItemButton
                label={t("remove.incidents", { n: i + 1 })}
                itemName={heading}
                hasContent={() => !isBlank(form.getValues(`incidents.${i}`))}
                onRemove={() => {
                  list.remove(i);
                  add.focusAdd();
                }}
              />
            }
          >
            <div className="grid gap-3 sm:grid-cols-3">
              <TextField label={t("field.incidents_dateFrom")} hint={t("hint.date")} error={fieldError(at("dateFrom"))} {...register(at("dateFrom"))} />
              <TextField label={t("field.incidents_dateTo")} hint={t("hint.date")} error={fieldError(at("dateTo"))} {...register(at("dateTo"))} />
              <TextField label={t("field.incidents_time")} hint={t("hint.time")} error={fieldError(at("time"))} {...register(at("time"))} />
            </div>
            <TextField label={t("field.incidents_location")} error={fieldError(at("location"))} {...register(at("location"))} />
            <PerpetratorsList form={form} fieldError={fieldError} incident={i} />
            <div className="grid gap-3 sm:grid-cols-2">
              {area("vehicles", 2)}
              {area("weapons", 2)}
            </div>
            {area("methods", 4)}
            {area("questions", 3)}
            {area("coerced", 3)}
            {area("description", 6)}
          </ItemGroup>
        );
      })}
      <ListError message={fieldError("incidents")} />
      <AddItemButton addRef={add.ref} onAdd={() => list.append({ ...emptyIncident, perpetrators: [] })}>
        {t("add.incidents")}
      </AddItemButton>
    </Section>
  );
}
