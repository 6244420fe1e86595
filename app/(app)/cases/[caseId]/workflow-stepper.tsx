"use client";

import { useTranslations } from "next-intl";
import { isCaseState } from "@/lib/workflow/machine";
import { workflowStepper, type StageStep } from "@/lib/workflow/steps";

const chip: Record<StageStep["status"], string> = {
  done: "text-slate-600",
  current: "rounded bg-accent-50 px-1.5 py-0.5 font-semibold text-accent-900 ring-1 ring-inset ring-accent-700",
  ahead: "text-slate-600",
};

/** All stages of the case, where it stands, and (folded) what moving on from each takes. */
export function WorkflowStepper({ state, heldFrom }: { state: string; heldFrom: string | null }) {
  const t = useTranslations("workflow");
  if (!isCaseState(state)) return null;
  const { steps, onHold } = workflowStepper(state, heldFrom && isCaseState(heldFrom) ? heldFrom : null);
  return (
    <div className="text-xs" data-testid="workflow-stepper">
      <ol aria-label={t("stepper.title")} className="flex flex-wrap items-center gap-x-1 gap-y-1">
        {steps.map((step, i) => (
          <li key={step.stage} aria-current={step.status === "current" ? "step" : undefined} className="flex items-center gap-1">
            {i > 0 && (
              <span aria-hidden="true" className="text-slate-500">
                ›
              </span>
            )}
            <span className={chip[step.status]}>
              {step.status === "done" && <span aria-hidden="true">✓ </span>}
              {t(`states.${step.stage}`)}
              {step.status === "current" && onHold && ` · ${t("states.on_hold")}`}
              <span className="sr-only"> ({t(`stepper.${step.status}`)})</span>
            </span>
          </li>
        ))}
      </ol>
      <details className="mt-1">
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">{t("stepper.needsTitle")}</summary>
        <ul className="mt-1 space-y-0.5 text-slate-700">
          {steps.map(({ stage, next }) =>
            next ? (
              <li key={stage}>
                <span className="font-medium">{t(`states.${stage}`)}</span> → {t(`transitions.${next.transition}`)}:{" "}
                {next.needs.length > 0 ? next.needs.map((need) => t(`stepper.needs.${need}`)).join(", ") : t("stepper.decision")}
              </li>
            ) : null,
          )}
        </ul>
      </details>
    </div>
  );
}
