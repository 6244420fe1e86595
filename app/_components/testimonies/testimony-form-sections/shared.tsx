"use client";

import { useTranslations } from "next-intl";
import { get, type FieldErrors, type UseFormReturn } from "react-hook-form";
import type { Testimony } from "@/lib/testimonies/schema";
import { sectionAnchor, type TestimonySection } from "./sections";

export type TestimonyFormApi = UseFormReturn<Testimony>;

/** The translated error at a field or list path ("incidents.0.dateTo", "consent.2.recipients"), if any. */
export type FieldErrorText = (path: string) => string | undefined;

/** What every section receives from the form. */
export type SectionProps = { form: TestimonyFormApi; fieldError: FieldErrorText };

/**
 * Error messages are i18n keys under `errors.`. A list's own error (too many,
 * recipients required) sits on the list, or on its `root` once it has rows.
 */
export function useFieldErrorText(errors: FieldErrors<Testimony>): FieldErrorText {
  const te = useTranslations("errors");
  return (path) => {
    const error: unknown = get(errors, path);
    if (error === null || typeof error !== "object") return undefined;
    const own = (error as { message?: unknown }).message;
    const root = (error as { root?: { message?: unknown } }).root?.message;
    const message = typeof own === "string" && own ? own : typeof root === "string" && root ? root : undefined;
    if (!message) return undefined;
    return te.has(message) ? te(message) : message;
  };
}

/** One section of the form: a fieldset whose legend is a heading, with an optional introduction. */
export function Section({ section, children }: { section: TestimonySection; children: React.ReactNode }) {
  const t = useTranslations("testimony");
  const id = sectionAnchor(section);
  return (
    <fieldset id={id} aria-describedby={`${id}-hint`} className="min-w-0 scroll-mt-6 space-y-4">
      <legend className="mb-1">
        <h2 className="text-base font-semibold text-slate-900">{t(`sections.${section}`)}</h2>
      </legend>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {t(`sectionHints.${section}`)}
      </p>
      {children}
    </fieldset>
  );
}

/** One item of a list (an incident, a witness…): a bordered group named like "Incident 2". */
export function ItemGroup({ legend, children, actions }: { legend: string; children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-3 rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-semibold text-slate-700">{legend}</legend>
      {children}
      {actions && <div className="flex justify-end">{actions}</div>}
    </fieldset>
  );
}

/** A list-level error (e.g. too many entries), announced when it appears. */
export function ListError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-xs font-medium text-red-700">
      {message}
    </p>
  );
}
