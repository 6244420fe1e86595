"use client";

import { detentionFields } from "@/lib/testimonies/fields";
import { emptyDetention } from "@/lib/testimonies/schema";
import { RepeatableList } from "./repeatable-list";
import { Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** Every place the person was held, in order. */
export function DetentionSection({ form, fieldError }: SectionProps) {
  return (
    <Section section="detention">
      <RepeatableList form={form} fieldError={fieldError} name="detention" emptyItem={emptyDetention}>
        {(i) => <TableFields form={form} fieldError={fieldError} at={`detention.${i}`} table={detentionFields} />}
      </RepeatableList>
    </Section>
  );
}
