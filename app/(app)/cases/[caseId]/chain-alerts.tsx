"use client";

import { useTranslations } from "next-intl";
import type { CaseDetail } from "@/lib/cases/schema";
import { isCurrent } from "@/lib/trust/observe-marks";
import type { OpenedCase } from "./use-opened-case";

/** A red security alert, titled the same everywhere on the case page. */
export function SecurityAlert({ testId, children }: { testId: string; children: React.ReactNode }) {
  const t = useTranslations("caseView");
  return (
    <div role="alert" data-testid={testId} className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p className="font-semibold">{t("keysChangedTitle")}</p>
      {children}
    </div>
  );
}

/**
 * What the signed membership chain says against what the server serves: a
 * chain that is missing, broken, rolled back or leaves me out (nothing of the
 * case is opened), and members the server hides or adds.
 */
export function ChainAlerts({ detail, opened }: { detail: CaseDetail; opened: OpenedCase }) {
  const t = useTranslations("caseView.chain");
  const names = (ids: readonly string[]) => ids.map((id) => detail.people.find((p) => p.userId === id)?.displayName ?? t("unknownPerson")).join(", ");
  const { chain } = opened;
  if (!chain.ok) {
    return (
      <SecurityAlert testId="chain-alert">
        <p>{chain.problem === "broken_chain" ? t("broken", { seq: chain.seq ?? 0 }) : t(chain.problem === "no_chain" ? "missing" : "notOnTeam")}</p>
      </SecurityAlert>
    );
  }
  const { hidden, extra, epoch } = chain.mismatch;
  return (
    <>
      {!isCurrent(opened.chainMark) && (
        <SecurityAlert testId="chain-rollback-alert">
          <p>{t("rolledBack")}</p>
        </SecurityAlert>
      )}
      {(hidden.length > 0 || extra.length > 0 || epoch) && (
        <SecurityAlert testId="team-mismatch-alert">
          {hidden.length > 0 && <p>{t("hidden", { names: names(hidden) })}</p>}
          {extra.length > 0 && <p>{t("extra", { names: names(extra) })}</p>}
          {epoch && <p>{t("epoch")}</p>}
        </SecurityAlert>
      )}
    </>
  );
}
