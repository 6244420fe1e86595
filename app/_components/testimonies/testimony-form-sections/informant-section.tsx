"use client";

import { informantFields } from "@/lib/testimonies/fields";
import { Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** The person giving this account: the person at risk, or a witness. */
export function InformantSection({ form, fieldError }: SectionProps) {
  return (
    <Section section="informant">
      <TableFields form={form} fieldError={fieldError} at="informant" table={informantFields} />
    </Section>
  );
}
