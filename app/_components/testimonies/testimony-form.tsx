"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useEffect, useEffectEvent, useMemo, useRef } from "react";
import { useForm } from "react-hook-form";
import { testimonySchema, type ConsentEntry, type Testimony } from "@/lib/testimonies/schema";
import { CancelAndSubmit } from "../form/cancel-and-submit";
import { FormAlert } from "../form/form-alert";
import { BackgroundSection } from "./testimony-form-sections/background-section";
import { ConsentSection } from "./testimony-form-sections/consent-section";
import { DetentionSection } from "./testimony-form-sections/detention-section";
import { EffectsSection } from "./testimony-form-sections/effects-section";
import { EvidenceSection } from "./testimony-form-sections/evidence-section";
import { IncidentsSection } from "./testimony-form-sections/incidents-section";
import { InformantSection } from "./testimony-form-sections/informant-section";
import { InterviewSection } from "./testimony-form-sections/interview-section";
import { OthersAffectedSection, WitnessesSection } from "./testimony-form-sections/people-sections";
import { ProgressNav } from "./testimony-form-sections/progress-nav";
import { sectionAnchor, sectionsWithErrors } from "./testimony-form-sections/sections";
import { useFieldErrorText } from "./testimony-form-sections/shared";
import { InterviewerNotesSection, NarrativeSection } from "./testimony-form-sections/text-sections";
import { plainCopy } from "./testimony-form-sections/plain-copy";

/**
 * The testimony (Istanbul Protocol interview record) as one long, calm form.
 * No loading, saving or crypto here: the page passes `initial` and gets the
 * record back.
 *
 * - `onSubmit` is called only with a record the STRICT schema accepts (trimmed).
 * - `onChange` gets a fresh copy of the current, unvalidated values after every
 *   change (typing, adding or removing an item), for draft autosave; the page
 *   debounces. It is wired through `form.subscribe`, so a keystroke re-renders
 *   nothing here.
 * - Consent entries saved in an earlier version are read-only (the log is
 *   append-only): those of `savedConsent` when given, else those of `initial`.
 *   A page that restores a draft as `initial` passes the last saved version's
 *   log as `savedConsent`, so the draft's own new entries stay editable.
 * - `initial` is read once, as react-hook-form's default values: to load
 *   another record, remount (key) the form.
 */
export function TestimonyForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onChange,
  onCancel,
  draftStatus,
  savedConsent,
}: {
  initial: Testimony;
  submitLabel: string;
  busy: boolean;
  onSubmit: (value: Testimony) => void;
  onChange?: (value: Testimony) => void;
  onCancel?: () => void;
  /** e.g. "Draft saved 12:03"; announced politely next to the submit button. */
  draftStatus?: React.ReactNode;
  /** The consent log of the last saved version (read-only here); defaults to `initial.consent`. */
  savedConsent?: readonly ConsentEntry[];
}): React.JSX.Element {
  const t = useTranslations("testimony");
  const form = useForm<Testimony>({
    resolver: zodResolver(testimonySchema),
    defaultValues: initial,
    // After a failed submit, re-check a field when it is left, not on every
    // keystroke: no full-record validation while a long narrative is typed.
    reValidateMode: "onBlur",
  });
  const { errors, submitCount } = form.formState;
  const fieldError = useFieldErrorText(errors);
  const saved = savedConsent ?? initial.consent;
  const savedEntryIds = useMemo(() => new Set(saved.map((e) => e.entryId)), [saved]);
  const alertRef = useRef<HTMLDivElement>(null);

  const emitChange = useEffectEvent((values: Testimony) => onChange?.(plainCopy(values)));
  useEffect(() => form.subscribe({ formState: { values: true }, callback: ({ values }) => emitChange(values) }), [form]);

  const invalidSections = submitCount > 0 ? sectionsWithErrors(Object.keys(errors)) : [];

  /**
   * react-hook-form focuses the first invalid field. When the only problems are
   * a list's own (e.g. no recipients named), there is no field to focus: then,
   * once the errors are shown, the alert takes focus instead.
   */
  const focusAlertPending = useRef(false);
  const onInvalid = () => {
    focusAlertPending.current = true;
  };
  useEffect(() => {
    if (!focusAlertPending.current) return;
    focusAlertPending.current = false;
    const active = document.activeElement;
    if (!(active instanceof HTMLElement && active.getAttribute("aria-invalid") === "true")) alertRef.current?.focus();
  }, [submitCount]);

  /** Enter in a one-line field does not save a half-written testimony. */
  const onKeyDown = (event: React.KeyboardEvent<HTMLFormElement>) => {
    if (event.key === "Enter" && event.target instanceof HTMLInputElement) event.preventDefault();
  };

  const sectionProps = { form, fieldError };

  return (
    <div className="lg:grid lg:grid-cols-[14rem_minmax(0,1fr)] lg:items-start lg:gap-8">
      <ProgressNav form={form} initial={initial} />
      <form
        onSubmit={(event) => void form.handleSubmit(onSubmit, onInvalid)(event)}
        onKeyDown={onKeyDown}
        noValidate
        // Keep names and accounts out of the browser's form history.
        autoComplete="off"
        aria-busy={busy}
        className="min-w-0 space-y-10"
      >
        {invalidSections.length > 0 && (
          <div ref={alertRef} tabIndex={-1} className="outline-none">
            <FormAlert>
              {t("form.needsAttention")}{" "}
              {invalidSections.map((section, i) => (
                <span key={section}>
                  {i > 0 && ", "}
                  <a href={`#${sectionAnchor(section)}`} className="font-medium underline">
                    {t(`sections.${section}`)}
                  </a>
                </span>
              ))}
            </FormAlert>
          </div>
        )}
        <InterviewSection {...sectionProps} />
        <InformantSection {...sectionProps} />
        <BackgroundSection {...sectionProps} />
        <DetentionSection {...sectionProps} />
        <IncidentsSection {...sectionProps} />
        <EffectsSection {...sectionProps} />
        <WitnessesSection {...sectionProps} />
        <OthersAffectedSection {...sectionProps} />
        <NarrativeSection {...sectionProps} />
        <InterviewerNotesSection {...sectionProps} />
        <EvidenceSection {...sectionProps} />
        <ConsentSection {...sectionProps} savedEntryIds={savedEntryIds} />

        <div className="sticky bottom-0 z-10 flex flex-wrap items-center justify-end gap-2 border-t border-slate-200 bg-white/95 py-3 backdrop-blur-sm">
          <div role="status" aria-live="polite" className="mr-auto text-sm text-slate-600">
            {draftStatus}
          </div>
          <CancelAndSubmit submitLabel={submitLabel} cancelLabel={t("form.cancel")} busy={busy} onCancel={onCancel} />
        </div>
      </form>
    </div>
  );
}
