"use client";

import type { UnlockedAccount } from "@/lib/crypto/account";
import { marksCodec, type MarkVerdict } from "@/lib/trust/marks";
import { isCurrent, observeCase, type ObservedRecord } from "@/lib/trust/observe-marks";
import { reportAlertOnce } from "./report-alert";
import { trustSessionFor } from "./trust-sessions";

/**
 * Checks served records of a case against this browser's high-water marks
 * (raising them) and tells, by record id, which may be shown as current.
 * Records opened first carry the predecessor their signature names (`prev`),
 * so a version that does not follow the one seen before is caught too.
 * Fails closed: when the marks cannot be loaded, nothing counts as current.
 */
export async function currentRecords(account: UnlockedAccount, caseId: string, records: readonly ObservedRecord[]): Promise<(id: string) => boolean> {
  const marks = await trustSessionFor(marksCodec, account).catch(() => null);
  if (!marks) return () => false;
  const verdicts: Map<string, MarkVerdict> = (await observeCase(marks, caseId, { records })).records;
  if ([...verdicts.values()].some((v) => !isCurrent(v))) reportAlertOnce({ caseId, kind: "record_rolled_back", userIds: [] });
  return (id) => isCurrent(verdicts.get(id) ?? "ahead");
}
