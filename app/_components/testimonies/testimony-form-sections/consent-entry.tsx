"use client";

import { useTranslations } from "next-intl";
import { useWatch } from "react-hook-form";
import { consentMethods, consentPurposes, consentStatuses, isBlank, type ConsentEntry } from "@/lib/testimonies/schema";
import { SelectField } from "../../form/select-field";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { RemoveItemButton } from "./list-controls";
import { RecipientsList } from "./recipients-list";
import { ItemGroup, ListError, type SectionProps } from "./shared";

/** A consent entry added in this version: editable, and removable until saved. */
export function ConsentEntryFields({ form, fieldError, index, onRemove }: SectionProps & { index: number; onRemove: () => void }) {
  const t = useTranslations("testimony");
  const { register } = form;
  const purpose = useWatch({ control: form.control, name: `consent.${index}.purpose` });
  const at = (key: Exclude<keyof ConsentEntry, "recipients" | "entryId">) => `consent.${index}.${key}` as const;
  const heading = t("heading.consent", { n: index + 1 });

  return (
    <ItemGroup
      legend={heading}
      actions={
        <RemoveItemButton
          label={t("remove.consent", { n: index + 1 })}
          itemName={heading}
          hasContent={() => {
            const entry = form.getValues(`consent.${index}`);
            return !isBlank([entry.witnessedBy, entry.notes, entry.recipients]);
          }}
          onRemove={onRemove}
        />
      }
    >
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label={t("field.consent_purpose")}
          options={consentPurposes.map((p) => ({ value: p, label: t(`consentPurposes.${p}`) }))}
          error={fieldError(at("purpose"))}
          {...register(at("purpose"))}
        />
        <SelectField
          label={t("field.consent_status")}
          options={consentStatuses.map((s) => ({ value: s, label: t(`consentStatuses.${s}`) }))}
          error={fieldError(at("status"))}
          {...register(at("status"))}
        />
        <TextField label={t("field.consent_date")} hint={t("hint.date")} error={fieldError(at("date"))} {...register(at("date"))} />
        <SelectField
          label={t("field.consent_method")}
          options={[
            { value: "", label: t("consentMethods.none") },
            ...consentMethods.map((m) => ({ value: m, label: t(`consentMethods.${m}`) })),
          ]}
          error={fieldError(at("method"))}
          {...register(at("method"))}
        />
      </div>
      <TextField label={t("field.consent_witnessedBy")} error={fieldError(at("witnessedBy"))} {...register(at("witnessedBy"))} />
      <RecipientsList form={form} fieldError={fieldError} entry={index} purpose={purpose} />
      <TextareaField label={t("field.consent_notes")} rows={2} error={fieldError(at("notes"))} {...register(at("notes"))} />
      <ListError message={fieldError(`consent.${index}.entryId`)} />
    </ItemGroup>
  );
}

/**
 * An entry saved in an earlier version: shown, never edited (the log is
 * append-only; a change of mind is a new entry).
 */
export function SavedConsentEntry({ entry, index, fieldError }: { entry: ConsentEntry; index: number; fieldError: SectionProps["fieldError"] }) {
  const t = useTranslations("testimony");
  const rows: [string, string][] = [
    [t("field.consent_purpose"), t(`consentPurposes.${entry.purpose}`)],
    [t("field.consent_status"), t(`consentStatuses.${entry.status}`)],
  ];
  if (entry.date) rows.push([t("field.consent_date"), entry.date]);
  if (entry.method) rows.push([t("field.consent_method"), t(`consentMethods.${entry.method}`)]);
  if (entry.witnessedBy) rows.push([t("field.consent_witnessedBy"), entry.witnessedBy]);
  if (entry.recipients.length > 0) rows.push([t("field.consent_recipients"), entry.recipients.map((r) => r.name).join("; ")]);
  if (entry.notes) rows.push([t("field.consent_notes"), entry.notes]);
  // A saved entry the strict rules now refuse cannot be fixed here; say so rather than fail silently.
  const problems = (["entryId", "purpose", "status", "date", "method", "recipients"] as const)
    .map((key) => fieldError(`consent.${index}.${key}`))
    .filter((m): m is string => Boolean(m));

  return (
    <ItemGroup legend={t("heading.consent", { n: index + 1 })}>
      <p className="text-xs text-slate-500">{t("consent.savedEntry")}</p>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="whitespace-pre-wrap break-words text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {problems.map((m, i) => (
        <ListError key={i} message={m} />
      ))}
    </ItemGroup>
  );
}
