"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { CaseDetail } from "@/lib/cases/schema";
import type { OpenedCase } from "./use-opened-case";

/** Every workflow step: who, when, from where to where, and why (decrypted here). */
export function HistoryTab({ detail, opened }: { detail: CaseDetail; opened: OpenedCase }) {
  const t = useTranslations("caseView");
  const tw = useTranslations("workflow");
  const format = useFormatter();
  const names = new Map(detail.people.map((p) => [p.userId, p.displayName]));
  if (detail.transitions.length === 0) return <p className="text-sm text-slate-600">{t("noHistory")}</p>;
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label={t("tabs.history")}>
      {[...detail.transitions].reverse().map((step) => {
        const reason = step.reasonRecordId ? opened.reasons.get(step.reasonRecordId) : undefined;
        return (
          <li key={step.id} className="px-4 py-2.5 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-slate-900">{tw(`transitions.${step.transition}`)}</span>
              <span className="text-xs text-slate-500">
                {tw(`states.${step.fromState}`)} → {tw(`states.${step.toState}`)}
              </span>
              <span className="ml-auto text-xs text-slate-500">
                {names.get(step.actorId) ?? "—"} · {format.dateTime(new Date(step.at), { dateStyle: "medium", timeStyle: "short" })}
              </span>
            </div>
            {reason && (
              <p className={`mt-1 whitespace-pre-wrap ${reason.ok ? "text-slate-700" : "text-red-700"}`}>{reason.ok ? reason.value : t(reason.problem === "rolled_back" ? "reasonRolledBack" : "damaged")}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
