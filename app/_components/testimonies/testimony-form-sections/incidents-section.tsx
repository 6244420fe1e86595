"use client";

import { incidentActsFields, incidentPlaceFields } from "@/lib/testimonies/fields";
import { emptyIncident } from "@/lib/testimonies/schema";
import { PerpetratorsList } from "./perpetrators-list";
import { RepeatableList } from "./repeatable-list";
import { Section, type SectionProps } from "./shared";
import { TableFields } from "./table-fields";

/** Each incident of ill-treatment on its own: when, where, who, how, what was asked or extracted. */
export function IncidentsSection({ form, fieldError }: SectionProps) {
  return (
    <Section section="incidents">
      <RepeatableList form={form} fieldError={fieldError} name="incidents" emptyItem={emptyIncident}>
        {(i) => (
          <>
            <TableFields form={form} fieldError={fieldError} at={`incidents.${i}`} table={incidentPlaceFields} />
            <PerpetratorsList form={form} fieldError={fieldError} incident={i} />
            <TableFields form={form} fieldError={fieldError} at={`incidents.${i}`} table={incidentActsFields} />
          </>
        )}
      </RepeatableList>
    </Section>
  );
}
