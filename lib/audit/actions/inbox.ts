import "server-only";
import { getDb } from "@/lib/db/client";
import { type AuditInput, auditColumns } from "../actions";
import { createRefusalLimit } from "../refusal-limit";

// Reads (and refusals) are recorded here, not appended to the chain in the request
// (DESIGN.md §6, docs/operations.md "The audit log"). Appending takes the
// chain's lock for the length of a transaction; a read that did so queued
// every page load behind every other one (issue 15: 6–8 of 10 pooled
// connections waiting on that lock at 50 users). An inbox row is one plain
// INSERT, durable when the read is answered; the sealer chains it within
// about a second, with the time the read happened. Changes are still
// appended in their own transaction (actions.ts), so a change and its event
// commit together.

export type ReadAction = "case.content_read" | "case.list_read" | "deadline.dashboard_read";

async function toInbox(input: AuditInput): Promise<void> {
  const db = await getDb();
  await db.auditInbox.create({ data: auditColumns(input), select: { id: true } });
}

export async function recordReadEvent(input: AuditInput & { action: ReadAction }): Promise<void> {
  await toInbox(input);
}

const refusals = createRefusalLimit();

/**
 * The policy door's refusal of a signed-in person: at most 20 a minute per
 * person and process reach the log; the next one recorded says how many were
 * left out (`suppressed`), so a flood shows without filling the log.
 */
export async function recordRefusal(actorId: string, data: { policyAction: string; requestedCaseId?: string }): Promise<void> {
  const verdict = refusals.admit(actorId);
  if (!verdict.record) return;
  await toInbox({ actorId, action: "policy.refused", caseId: null, data: verdict.suppressed > 0 ? { ...data, suppressed: verdict.suppressed } : data });
}
