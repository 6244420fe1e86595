import "client-only";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, type Opened } from "@/lib/cases/open-case-client";
import { sealRecord } from "@/lib/cases/records-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { dueInstant } from "./due";
import { deadlineDetailsSchema, type DeadlineDetails, type DeadlineForm } from "./schema";

// Deadlines in the browser: details are sealed under the case's current
// epoch with the deadline's id in the AD, and opened only with a key the
// keyring verified. A record that does not open is "damaged", never shown.

export function openDetails(caseId: string, record: SealedRecordWire, keyring: CaseKeyring): Promise<Opened<DeadlineDetails>> {
  return openWithKeyring(caseId, record, keyring, deadlineDetailsSchema, "deadline_details");
}

type SealTarget = { caseId: string; currentEpoch: number; keyring: CaseKeyring };

export async function sealDetails(target: SealTarget, id: string, version: number, details: DeadlineDetails): Promise<SealedRecordWire> {
  const caseKey = target.keyring.get(target.currentEpoch);
  if (!caseKey) throw new Error("no verified key for the current epoch");
  return sealRecord({ caseId: target.caseId, type: "deadline_details", id, version, epoch: target.currentEpoch, caseKey, value: details });
}

/** The form split into what the server may see and the sealed details. */
export async function deadlineWire(target: SealTarget, id: string, version: number, form: DeadlineForm, outcome = "") {
  const { kind, assigneeId, ...rest } = form;
  const details: DeadlineDetails = { ...rest, outcome };
  return {
    plain: { kind, ...dueInstant(details), assigneeId: assigneeId === "" ? null : assigneeId },
    details: await sealDetails(target, id, version, details),
  };
}

/** A new deadline (details version 1) ready for createDeadlineAction or as a follow-up. */
export async function newDeadlineWire(target: SealTarget, form: DeadlineForm) {
  const id = crypto.randomUUID();
  const { plain, details } = await deadlineWire(target, id, 1, form);
  return { id, ...plain, details };
}

