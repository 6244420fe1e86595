"use client";

import { useEffect } from "react";
import { anyForged } from "@/lib/cases/open-case-client";
import type { SecurityAlertWire } from "@/lib/trust/schema";
import { isCurrent } from "@/lib/trust/observe-marks";
import { reportAlertOnce } from "../../_trust/report-alert";
import type { OpenedCase } from "./use-opened-case";

type Alert = Omit<SecurityAlertWire, "caseId">;

const chainProblemKind = { no_chain: "chain_missing", broken_chain: "chain_broken", not_on_team: "not_on_team" } as const;

/** Every security alert the case page shows for `opened`, as the audit log records it. */
export function alertsOf(opened: Pick<OpenedCase, "changed" | "chain" | "chainMark" | "epoch" | "profile" | "reasons">): Alert[] {
  const alerts: Alert[] = [];
  if (opened.changed.length > 0) alerts.push({ kind: "keys_changed", userIds: opened.changed.map((c) => c.userId) });
  const { chain } = opened;
  if (!chain.ok) alerts.push({ kind: chainProblemKind[chain.problem], userIds: [] });
  else {
    if (chain.mismatch.hidden.length > 0) alerts.push({ kind: "member_hidden", userIds: chain.mismatch.hidden });
    if (chain.mismatch.extra.length > 0) alerts.push({ kind: "member_extra", userIds: chain.mismatch.extra });
    if (chain.mismatch.epoch) alerts.push({ kind: "epoch_mismatch", userIds: [] });
  }
  if (!isCurrent(opened.chainMark)) alerts.push({ kind: "chain_rolled_back", userIds: [] });
  if (!isCurrent(opened.epoch)) alerts.push({ kind: "epoch_rolled_back", userIds: [] });
  if (!opened.profile.ok && opened.profile.problem === "rolled_back") alerts.push({ kind: "record_rolled_back", userIds: [] });
  if (anyForged([opened.profile, ...opened.reasons.values()])) alerts.push({ kind: "bad_signature", userIds: [] });
  return alerts;
}

/** Reports each alert the case page shows to the audit log (security.alert). */
export function useAlertReports(caseId: string, opened: OpenedCase | null): void {
  useEffect(() => {
    if (opened) for (const alert of alertsOf(opened)) reportAlertOnce({ caseId, ...alert });
  }, [caseId, opened]);
}
