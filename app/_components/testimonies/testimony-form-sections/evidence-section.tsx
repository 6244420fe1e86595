"use client";

import { useTranslations } from "next-intl";
import { TextField } from "../../form/text-field";
import { RepeatableList } from "./repeatable-list";
import { Section, type SectionProps } from "./shared";

/** Links to evidence items. Until evidence items exist, the id is typed (or pasted) in. */
export function EvidenceSection({ form, fieldError }: SectionProps) {
  const t = useTranslations("testimony");
  const { register } = form;

  return (
    <Section section="evidence">
      <RepeatableList form={form} fieldError={fieldError} name="evidence" emptyItem={{ evidenceId: "", note: "" }}>
        {(i) => (
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
        )}
      </RepeatableList>
    </Section>
  );
}
