"use client";

import type { SecurityAlertWire } from "@/lib/trust/schema";
import { reportSecurityAlertAction } from "../cases/actions";

/** Reported once per page session: re-renders and re-opens of the same case do not repeat an alert. */
const reported = new Set<string>();

/** Sends a security alert the page shows to the audit log (security.alert); a failed report is not retried. */
export function reportAlertOnce(alert: SecurityAlertWire): void {
  const key = `${alert.caseId}:${alert.kind}:${alert.userIds.join(",")}`;
  if (reported.has(key)) return;
  reported.add(key);
  void reportSecurityAlertAction(alert).catch(() => undefined);
}
