"use client";

import { useTranslations } from "next-intl";
import type { CaseDetail } from "@/lib/cases/schema";
import type { CaseTab } from "./case-tabs";
import { nextSteps } from "./next-steps";

/** A new case's checklist: what is done, and a button to the tab for what is not. */
export function NextStepsPanel({ detail, onOpen }: { detail: CaseDetail; onOpen: (tab: CaseTab) => void }) {
  const t = useTranslations("caseView.nextSteps");
  const steps = nextSteps(detail);
  if (steps.length === 0) return null;
  return (
    <section aria-labelledby="next-steps-title" className="rounded-lg border border-accent-100 bg-accent-50 p-3" data-testid="next-steps">
      <h2 id="next-steps-title" className="text-sm font-semibold text-slate-900">
        {t("title")}
      </h2>
      <ol className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
        {steps.map((step) => (
          <li key={step.tab} className="flex items-start gap-2">
            <span aria-hidden="true" className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs ${step.done ? "bg-green-700 text-white" : "border border-slate-400 bg-white"}`}>
              {step.done ? "✓" : ""}
            </span>
            {step.done ? (
              <span className="text-slate-600">
                {t(`steps.${step.tab}`)} <span className="sr-only">({t("done")})</span>
              </span>
            ) : (
              <button type="button" onClick={() => onOpen(step.tab)} className="min-h-6 text-left text-accent-800 underline underline-offset-2 hover:text-slate-900">
                {t(`steps.${step.tab}`)}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
