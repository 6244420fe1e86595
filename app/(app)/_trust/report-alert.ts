"use client";

import { anyForged, type Opened } from "@/lib/cases/open-case-client";
import type { SecurityAlertWire } from "@/lib/trust/schema";
import { reportSecurityAlertAction } from "@/app/_actions/cases";

/** Reported once per page session: re-renders and re-opens of the same case do not repeat an alert. */
const reported = new Set<string>();

/** Reports "bad_signature" once if any of these opened records carries a signature that does not hold. */
export function reportForged(caseId: string, opened: Iterable<Opened<unknown> | null | undefined>): void {
  if (anyForged(opened)) reportAlertOnce({ caseId, kind: "bad_signature", userIds: [] });
}

/** Sends a security alert the page shows to the audit log (security.alert); a failed report is not retried. */
export function reportAlertOnce(alert: SecurityAlertWire): void {
  const key = `${alert.caseId}:${alert.kind}:${alert.userIds.join(",")}`;
  if (reported.has(key)) return;
  reported.add(key);
  void reportSecurityAlertAction(alert).catch(() => undefined);
}
