"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { emptyDetention, isBlank } from "@/lib/testimonies/schema";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { ItemGroup, ListError, Section, type SectionProps } from "./shared";

/** Every place the person was held, in order. */
export function DetentionSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;
  const list = useFieldArray({ control: form.control, name: "detention" });
  const add = useAddButton();

  return (
    <Section section="detention">
      {list.fields.map((field, i) => {
        const heading = t("heading.detention", { n: i + 1 });
        const at = (key: keyof typeof emptyDetention) => `detention.${i}.${key}` as const;
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
            <TextField label={t("field.detention_place")} error={fieldError(at("place"))} {...register(at("place"))} />
            <div className="grid gap-3 sm:grid-cols-3">
              <TextField label={t("field.detention_from")} hint={t("hint.date")} error={fieldError(at("from"))} {...register(at("from"))} />
              <TextField label={t("field.detention_to")} hint={t("hint.date")} error={fieldError(at("to"))} {...register(at("to"))} />
              <TextField label={t("field.detention_duration")} hint={t("hint.duration")} error={fieldError(at("duration"))} {...register(at("duration"))} />
            </div>
            <TextareaField label={t("field.detention_conditions")} rows={3} error={fieldError(at("conditions"))} {...register(at("conditions"))} />
            <TextareaField label={t("field.detention_routine")} rows={3} error={fieldError(at("routine"))} {...register(at("routine"))} />
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
