"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { detentionFields } from "@/lib/testimonies/fields";
import { emptyDetention, isBlank } from "@/lib/testimonies/schema";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { ItemGroup, ListError, Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** Every place the person was held, in order. */
export function DetentionSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const list = useFieldArray({ control: form.control, name: "detention" });
  const add = useAddButton();

  return (
    <Section section="detention">
      {list.fields.map((field, i) => {
        const heading = t("heading.detention", { n: i + 1 });
        return (
          <ItemGroup
            key={field.id}
            legend={heading}
            actions={
              <RemoveItemButton
                label={t("remove.detention", { n: i + 1 })}
                itemName={heading}
                hasContent={() => !isBlank(form.getValues(`detention.${i}`))}
                onRemove={() => {
                  list.remove(i);
                  add.focusAdd();
                }}
              />
            }
          >
            <TableFields form={form} fieldError={fieldError} at={`detention.${i}`} table={detentionFields} />
          </ItemGroup>
        );
      })}
      <ListError message={fieldError("detention")} />
      <AddItemButton addRef={add.ref} onAdd={() => list.append({ ...emptyDetention })}>
        {t("add.detention")}
      </AddItemButton>
    </Section>
  );
}
