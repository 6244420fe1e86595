import "client-only";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, type Opened } from "@/lib/cases/open-case-client";
import { sealedRecordHash, type RecordAuthor } from "@/lib/cases/record-signature";
import { sealRecord } from "@/lib/cases/records-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { dueInstant } from "./due";
import { getJson } from "@/lib/http/get-json";
import { deadlineDetailsSchema, type DashboardPage, type DeadlineDetails, type DeadlineForm } from "./schema";

// Deadlines in the browser: details are sealed under the case's current
// epoch with the deadline's id in the AD, and opened only with a key the
// keyring verified. A record that does not open is "damaged", never shown.

export function openDetails(caseId: string, record: SealedRecordWire, keyring: CaseKeyring): Promise<Opened<DeadlineDetails>> {
  return openWithKeyring(caseId, record, keyring, deadlineDetailsSchema, "deadline_details");
}

/** One dashboard page as the browser asks for it; `after` from the previous page's `next`. */
export type DashboardPageRequest = { from?: string; to: string; open: boolean; kind?: string; assignee?: string; caseState?: string; after?: string; limit?: number };

/**
 * One page of rows, sealed, with the exact count and the refs of their cases,
 * from GET /api/dashboard (a read: never cached). Null when the server
 * refused or could not be reached.
 */
export async function fetchDashboardPage(request: DashboardPageRequest): Promise<DashboardPage | null> {
  const query: Record<string, string> = { to: request.to, open: request.open ? "1" : "0" };
  for (const name of ["from", "kind", "assignee", "caseState", "after"] as const) {
    const value = request[name];
    if (value) query[name] = value;
  }
  if (request.limit) query.limit = String(request.limit);
  // Not re-validated here: only what opens is shown — keys, profiles and rows are checked as they are opened.
  return getJson<DashboardPage>(`/api/dashboard?${new URLSearchParams(query)}`);
}

/** Where new details go, and who signs them (null while locked: nothing is sealed). */
type SealTarget = { caseId: string; currentEpoch: number; keyring: CaseKeyring; author: RecordAuthor | null };

/** The next version of a deadline's details after `previous` (null: version 1), signed by the target's author. */
export async function sealDetails(target: SealTarget, id: string, previous: SealedRecordWire | null, details: DeadlineDetails): Promise<SealedRecordWire> {
  const caseKey = target.keyring.get(target.currentEpoch);
  if (!caseKey || !target.author) throw new Error("no verified key for the current epoch");
  const signed = { author: target.author, prev: previous ? await sealedRecordHash(previous.contentSealed) : null };
  return sealRecord({ caseId: target.caseId, type: "deadline_details", id, version: (previous?.version ?? 0) + 1, epoch: target.currentEpoch, caseKey, value: details, signed });
}

/** The form split into what the server may see and the sealed details. */
export async function deadlineWire(target: SealTarget, id: string, previous: SealedRecordWire | null, form: DeadlineForm, outcome = "") {
  const { kind, assigneeId, ...rest } = form;
  const details: DeadlineDetails = { ...rest, outcome };
  return {
    plain: { kind, ...dueInstant(details), assigneeId: assigneeId === "" ? null : assigneeId },
    details: await sealDetails(target, id, previous, details),
  };
}

/** A new deadline (details version 1) ready for createDeadlineAction or as a follow-up. */
export async function newDeadlineWire(target: SealTarget, form: DeadlineForm) {
  const id = crypto.randomUUID();
  const { plain, details } = await deadlineWire(target, id, null, form);
  return { id, ...plain, details };
}

