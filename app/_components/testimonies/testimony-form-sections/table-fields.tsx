"use client";

import { useTranslations } from "next-intl";
import type { Path } from "react-hook-form";
import type { FieldTable, TestimonyField } from "@/lib/testimonies/fields";
import { displayValue, fieldLabel } from "@/lib/testimonies/labels";
import type { Testimony } from "@/lib/testimonies/schema";
import { SelectField } from "../../form/select-field";
import { TextareaField } from "../../form/textarea-field";
import { TextField } from "../../form/text-field";
import { useLabels } from "../use-labels";
import type { SectionProps } from "./shared";

const columns: Record<number, string> = { 2: "grid gap-3 sm:grid-cols-2", 3: "grid gap-3 sm:grid-cols-3" };

/**
 * The inputs of one field table (lib/testimonies/fields.ts) at `at`
 * ("background", "incidents.2"): one column on a phone, a group's fields side
 * by side from the small breakpoint up. Labels come from the field's path, as
 * in the statement and the version diff.
 */
export function TableFields({ form, fieldError, at, table }: SectionProps & { at: string; table: FieldTable }) {
  return (
    <>
      {table.map((group) =>
        group.length === 1 ? (
          <FieldInput key={group[0]!.name} form={form} fieldError={fieldError} path={`${at}.${group[0]!.name}`} field={group[0]!} />
        ) : (
          <div key={group.map((f) => f.name).join()} className={columns[group.length] ?? "grid gap-3 sm:grid-cols-3"}>
            {group.map((field) => (
              <FieldInput key={field.name} form={form} fieldError={fieldError} path={`${at}.${field.name}`} field={field} />
            ))}
          </div>
        ),
      )}
    </>
  );
}

function FieldInput({ form, fieldError, path, field }: SectionProps & { path: string; field: TestimonyField }) {
  const t = useTranslations("testimony");
  const l = useLabels();
  const label = fieldLabel(l, path);
  const hintKey = field.hint ?? (field.kind === "date" || field.kind === "time" ? field.kind : undefined);
  const common = { label, error: fieldError(path), ...(hintKey ? { hint: t(`hint.${hintKey}`) } : {}), ...form.register(path as Path<Testimony>) };
  if (field.kind === "text") return <TextareaField rows={field.rows} {...common} />;
  if (field.kind === "choice") {
    return <SelectField options={(field.options ?? []).map((value) => ({ value, label: displayValue(l, path, value) }))} {...common} />;
  }
  return <TextField {...common} />;
}
