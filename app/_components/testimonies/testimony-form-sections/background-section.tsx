"use client";

import { backgroundFields } from "@/lib/testimonies/fields";
import { Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** How the person came into custody or contact: arrest, summons, abduction, a border stop… */
export function BackgroundSection({ form, fieldError }: SectionProps) {
  return (
    <Section section="background">
      <TableFields form={form} fieldError={fieldError} at="background" table={backgroundFields} />
    </Section>
  );
}
