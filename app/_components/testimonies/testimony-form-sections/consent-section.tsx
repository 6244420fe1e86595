"use client";

import { useTranslations } from "next-intl";
import { useFieldArray } from "react-hook-form";
import { consentPurposes, emptyConsentEntry, type ConsentEntry } from "@/lib/testimonies/schema";
import { ConsentEntryFields, SavedConsentEntry } from "./consent-entry";
import { ConsentSummary } from "./consent-summary";
import { AddItemButton, useAddButton } from "./list-controls";
import { ListError, Section, type SectionProps } from "./shared";

/** Today in the browser's calendar, "YYYY-MM-DD". */
function localToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A new entry: a fresh id, today, "given", for the first purpose the log does not mention yet. */
function newConsentEntry(log: ConsentEntry[]): ConsentEntry {
  const mentioned = new Set(log.map((e) => e.purpose));
  const purpose = consentPurposes.find((p) => !mentioned.has(p)) ?? consentPurposes[0];
  return { ...emptyConsentEntry(crypto.randomUUID(), purpose), status: "given", date: localToday() };
}

/**
 * The consent log. Entries saved in an earlier version (`savedEntryIds`) are
 * read-only; new ones can be edited and removed until the version is saved.
 */
export function ConsentSection({ form, fieldError, savedEntryIds }: SectionProps & { savedEntryIds: ReadonlySet<string> }) {
  const t = useTranslations("testimony");
  const list = useFieldArray({ control: form.control, name: "consent" });
  const add = useAddButton();

  return (
    <Section section="consent">
      <ConsentSummary control={form.control} />
      {list.fields.length === 0 && <p className="text-sm text-slate-600">{t("consent.empty")}</p>}
      {list.fields.map((field, i) =>
        savedEntryIds.has(field.entryId) ? (
          <SavedConsentEntry key={field.id} entry={field} index={i} fieldError={fieldError} />
        ) : (
          <ConsentEntryFields
            key={field.id}
            form={form}
            fieldError={fieldError}
            index={i}
            onRemove={() => {
              list.remove(i);
              add.focusAdd();
            }}
          />
        ),
      )}
      <ListError message={fieldError("consent")} />
      <AddItemButton addRef={add.ref} onAdd={() => list.append(newConsentEntry(form.getValues("consent") ?? []))}>
        {t("add.consent")}
      </AddItemButton>
    </Section>
  );
}
