"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { Candidate } from "@/lib/bundles/candidates";
import { bundleMetaSchema, BUNDLE_ITEMS_MAX, type BundleMeta } from "@/lib/bundles/schema";
import { Button } from "@/app/_components/form/button";
import { TextareaField } from "@/app/_components/form/textarea-field";
import { TextField } from "@/app/_components/form/text-field";
import { useErrorMessage } from "@/app/_components/form/use-error-message";
import { ExhibitList } from "./exhibit-list";

/**
 * New or edited bundle: name, hearing and notes (sealed before they are
 * sent), the evidence and testimonies to include, and their order as exhibits.
 */
export function BundleBuilder({
  title,
  initialMeta,
  initialKeys,
  candidates,
  busy,
  onSave,
  onCancel,
}: {
  title: string;
  initialMeta: BundleMeta;
  initialKeys: string[];
  candidates: Candidate[];
  busy: boolean;
  onSave: (meta: BundleMeta, keys: string[]) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("bundles");
  const ts = useTranslations("evidence.review.statuses");
  const form = useForm<BundleMeta>({ resolver: zodResolver(bundleMetaSchema), defaultValues: initialMeta });
  const err = useErrorMessage();
  const { errors } = form.formState;
  const [keys, setKeys] = useState(initialKeys);
  const byKey = new Map(candidates.map((c) => [c.key, c]));
  const evidence = candidates.filter((c) => c.kind === "evidence");
  const testimonies = candidates.filter((c) => c.kind === "testimony");
  const full = keys.length >= BUNDLE_ITEMS_MAX;

  const toggle = (key: string, on: boolean) => setKeys((list) => (on ? (list.includes(key) ? list : [...list, key]) : list.filter((k) => k !== key)));

  const pickerRow = (c: Candidate) => {
    const checked = keys.includes(c.key);
    const disabled = !checked && (!c.selectable || full);
    return (
      <li key={c.key} className={`flex items-start gap-2 px-2 py-1.5 text-sm ${disabled ? "text-slate-400" : "text-slate-800"}`}>
        <input
          id={`pick-${c.key}`}
          type="checkbox"
          className="mt-0.5"
          checked={checked}
          disabled={disabled}
          onChange={(e) => toggle(c.key, e.target.checked)}
          aria-describedby={`pick-${c.key}-note`}
        />
        <label htmlFor={`pick-${c.key}`} className="min-w-0 flex-1">
          <span className="block truncate">{c.label}</span>
          <span id={`pick-${c.key}-note`} className="block text-xs">
            {c.kind === "evidence" && (
              <>
                <span className="text-slate-500">{ts(c.reviewStatus)}</span>
                {c.reviewStatus === "excluded" && <span className="ml-2 font-semibold text-amber-800">{t("picker.excluded")}</span>}
              </>
            )}
            {c.kind === "testimony" && (
              <>
                <span className="text-slate-500">v{c.version}</span>
                {!c.legalUseConsent && <span className="ml-2 font-semibold text-red-700">{t("picker.noConsent")}</span>}
              </>
            )}
            {checked && <span className="ml-2 text-accent-800">{t("picker.inBundle", { n: keys.indexOf(c.key) + 1 })}</span>}
          </span>
        </label>
      </li>
    );
  };

  return (
    <form
      onSubmit={form.handleSubmit((meta) => onSave(meta, keys))}
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      aria-busy={busy}
      aria-label={title}
    >
      <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label={t("form.name")} error={err(errors.name)} {...form.register("name")} />
        <TextField label={t("form.hearing")} hint={t("form.hearingHint")} error={err(errors.hearing)} {...form.register("hearing")} />
      </div>
      <TextareaField label={t("form.notes")} rows={3} error={err(errors.notes)} {...form.register("notes")} />

      <div className="grid gap-4 lg:grid-cols-2">
        <div className="space-y-3">
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-900">{t("picker.evidence")}</legend>
            {evidence.length === 0 ? (
              <p className="text-sm text-slate-600">{t("picker.noEvidence")}</p>
            ) : (
              <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded border border-slate-200">{evidence.map(pickerRow)}</ul>
            )}
          </fieldset>
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-900">{t("picker.testimonies")}</legend>
            {testimonies.length === 0 ? (
              <p className="text-sm text-slate-600">{t("picker.noTestimonies")}</p>
            ) : (
              <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded border border-slate-200">{testimonies.map(pickerRow)}</ul>
            )}
          </fieldset>
          {full && <p className="text-xs text-amber-800">{t("picker.full", { max: BUNDLE_ITEMS_MAX })}</p>}
        </div>
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-slate-900">{t("exhibits.title")}</h3>
          <ExhibitList keys={keys} candidates={byKey} onChange={setKeys} />
        </div>
      </div>

      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {t("form.save")}
        </Button>
        <Button type="button" variant="quiet" onClick={onCancel}>
          {t("form.cancel")}
        </Button>
      </div>
    </form>
  );
}
