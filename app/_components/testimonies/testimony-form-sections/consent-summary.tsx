"use client";

import { useTranslations } from "next-intl";
import { useWatch, type Control } from "react-hook-form";
import { consentSummary } from "@/lib/testimonies/consent";
import type { ConsentStatus, Testimony } from "@/lib/testimonies/schema";

const tone: Record<ConsentStatus, string> = {
  given: "text-emerald-800",
  refused: "text-red-800",
  withdrawn: "text-red-800",
  not_asked: "text-slate-600",
};

/**
 * Where consent stands for each purpose, as the log (with the entries being
 * added) reads now: one short line per purpose. Re-renders only when the
 * consent log changes.
 */
export function ConsentSummary({ control }: { control: Control<Testimony> }) {
  const t = useTranslations("testimony");
  const consent = useWatch({ control, name: "consent" });
  const summary = consentSummary({ consent: consent ?? [] });

  return (
    <div className="rounded border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
      <h3 className="font-medium text-slate-800">{t("consent.summaryTitle")}</h3>
      <ul className="mt-1 space-y-0.5">
        {summary.map((s) => (
          <li key={s.purpose}>
            <span className="text-slate-700">{t(`consentPurposes.${s.purpose}`)}: </span>
            <span className={`font-medium ${tone[s.state]}`}>{t(`consentStatuses.${s.state}`)}</span>
            {s.date && <span className="text-slate-500"> · {s.date}</span>}
            {s.recipients.some((r) => r.name.trim()) && (
              <span className="text-slate-600">
                {" — "}
                {s.recipients
                  .filter((r) => r.name.trim())
                  .map((r) => t("consent.recipientState", { name: r.name, status: t(`consentStatuses.${r.state}`) }))
                  .join("; ")}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
