"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { isBlank } from "@/lib/testimonies/schema";
import { TextField } from "../../form/text-field";
import { AddItemButton, RemoveItemButton, useAddButton } from "./list-controls";
import { ItemGroup, ListError, Section, type SectionProps } from "./shared";

/** Links to evidence items. Until evidence items exist, the id is typed (or pasted) in. */
export function EvidenceSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;
  const list = useFieldArray({ control: form.control, name: "evidence" });
  const add = useAddButton();

  return (
    <Section section="evidence">
      {list.fields.map((field, i) => {
        const heading = t("heading.evidence", { n: i + 1 });
        return (
          <ItemGroup
            key={field.id}
            legend={heading}
            actions={
              <RemoveItemButton
                label={t("remove.evidence", { n: i + 1 })}
                itemName={heading}
                hasContent={() => !isBlank(form.getValues(`evidence.${i}`))}
                onRemove={() => {
                  list.remove(i);
                  add.focusAdd();
                }}
              />
            }
          >
            <div className="grid gap-3 sm:grid-cols-[22rem_1fr]">
              <TextField
                label={t("field.evidence_evidenceId")}
                hint={t("hint.evidenceId")}
                autoComplete="off"
                spellCheck={false}
                error={fieldError(`evidence.${i}.evidenceId`)}
                {...register(`evidence.${i}.evidenceId`)}
              />
              <TextField label={t("field.evidence_note")} error={fieldError(`evidence.${i}.note`)} {...register(`evidence.${i}.note`)} />
            </div>
          </ItemGroup>
        );
      })}
      <ListError message={fieldError("evidence")} />
      <AddItemButton addRef={add.ref} onAdd={() => list.append({ evidenceId: "", note: "" })}>
        {t("add.evidence")}
      </AddItemButton>
    </Section>
  );
}
