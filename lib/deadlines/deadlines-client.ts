import "client-only";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, type Opened } from "@/lib/cases/open-case-client";
import { sealedRecordHash, type RecordAuthor } from "@/lib/cases/record-signature";
import { sealRecord } from "@/lib/cases/records-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { CryptoError } from "@/lib/crypto/errors";
import { dueInstant } from "./due";
import { getJson } from "@/lib/http/get-json";
import { deadlineDetailsSchema, deadlineLabelOf, deadlineLabelSchema, type DashboardPage, type DashboardRowWire, type DeadlineDetails, type DeadlineForm } from "./schema";

// Deadlines in the browser: details are sealed under the case's current
// epoch with the deadline's id in the AD, and opened only with a key the
// keyring verified. A record that does not open is "damaged", never shown.
// Each edit also seals the next label (title and zone), what lists show.

export function openDetails(caseId: string, record: SealedRecordWire, keyring: CaseKeyring): Promise<Opened<DeadlineDetails>> {
  return openWithKeyring(caseId, record, keyring, deadlineDetailsSchema, "deadline_details");
}

/** What a list shows of a deadline. */
export type DeadlineShown = Pick<DeadlineDetails, "title" | "timeZone">;

/**
 * A dashboard row's title and zone: from its label, which must name this
 * deadline (a label moved onto another row is "damaged"), or, for a deadline
 * written before labels, from its details.
 */
export async function openShown(row: DashboardRowWire, keyring: CaseKeyring): Promise<Opened<DeadlineShown>> {
  if (!row.label) return openDetails(row.caseId, row.details, keyring);
  const opened = await openWithKeyring(row.caseId, row.label, keyring, deadlineLabelSchema, "deadline_label");
  if (!opened.ok) return opened;
  if (opened.value.deadlineId !== row.id) return { ok: false, problem: "damaged" };
  return { ok: true, value: { title: opened.value.title, timeZone: opened.value.timeZone }, signed: opened.signed };
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

/** The version after `previous` (null: version 1) of a record of the deadline, signed by the target's author. */
async function sealNext<T>(target: SealTarget, type: "deadline_details" | "deadline_label", id: string, previous: SealedRecordWire | null, value: T): Promise<SealedRecordWire> {
  const caseKey = target.keyring.get(target.currentEpoch);
  if (!caseKey || !target.author) throw new CryptoError("no_key", "no verified key for the current epoch");
  const signed = { author: target.author, prev: previous ? await sealedRecordHash(previous.contentSealed) : null };
  return sealRecord({ caseId: target.caseId, type, id, version: (previous?.version ?? 0) + 1, epoch: target.currentEpoch, caseKey, value, signed });
}

/** The next version of a deadline's details after `previous` (null: version 1). */
export function sealDetails(target: SealTarget, id: string, previous: SealedRecordWire | null, details: DeadlineDetails): Promise<SealedRecordWire> {
  return sealNext(target, "deadline_details", id, previous, details);
}

/** The next version of a deadline's label after `previous` (null: the first, under a new id). */
function sealLabel(target: SealTarget, deadlineId: string, previous: SealedRecordWire | null, details: DeadlineDetails): Promise<SealedRecordWire> {
  return sealNext(target, "deadline_label", previous?.id ?? crypto.randomUUID(), previous, deadlineLabelOf(deadlineId, details));
}

/** Previous sealed versions of a deadline: details, and its label (null for a deadline written before labels). */
type Previous = { details: SealedRecordWire; label: SealedRecordWire | null };

/** The form split into what the server may see, the sealed details and the sealed label. */
export async function deadlineWire(target: SealTarget, id: string, previous: Previous | null, form: DeadlineForm, outcome = "") {
  const { kind, assigneeId, ...rest } = form;
  const details: DeadlineDetails = { ...rest, outcome };
  return {
    plain: { kind, ...dueInstant(details), assigneeId: assigneeId === "" ? null : assigneeId },
    details: await sealDetails(target, id, previous?.details ?? null, details),
    label: await sealLabel(target, id, previous?.label ?? null, details),
  };
}

/** A new deadline (details and label version 1) ready for createDeadlineAction or as a follow-up. */
export async function newDeadlineWire(target: SealTarget, form: DeadlineForm) {
  const id = crypto.randomUUID();
  const { plain, details, label } = await deadlineWire(target, id, null, form);
  return { id, ...plain, details, label };
}
