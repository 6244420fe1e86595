"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { incidentActsFields, incidentPlaceFields } from "@/lib/testimonies/fields";
import { emptyIncident, isBlank } from "@/lib/testimonies/schema";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { PerpetratorsList } from "./perpetrators-list";
import { ItemGroup, ListError, Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** Each incident of ill-treatment on its own: when, where, who, how, what was asked or extracted. */
export function IncidentsSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const list = useFieldArray({ control: form.control, name: "incidents" });
  const add = useAddButton();

  return (
    <Section section="incidents">
      {list.fields.map((field, i) => {
        const heading = t("heading.incidents", { n: i + 1 });
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
            <TableFields form={form} fieldError={fieldError} at={`incidents.${i}`} table={incidentPlaceFields} />
            <PerpetratorsList form={form} fieldError={fieldError} incident={i} />
            <TableFields form={form} fieldError={fieldError} at={`incidents.${i}`} table={incidentActsFields} />
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
