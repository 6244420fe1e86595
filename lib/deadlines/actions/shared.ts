import "server-only";
import type { z } from "zod";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { AppError } from "@/lib/errors/app-error";
import type { deadlinePlainWireSchema } from "../schema";
import { recordRow } from "@/lib/records/rows";
import type { Tx } from "@/lib/db/client";

// Checks every deadline change makes on the server. The browser sealed the
// details and the label; the server checks what it can see: each record names
// the deadline (the label by the deadline's label id), sits in the current
// epoch and follows the last version; the assignee is on the team.

type Plain = z.infer<typeof deadlinePlainWireSchema>;
type LockedCase = { id: string; currentEpoch: number; members: { userId: string }[] };

export function checkPlain(kase: LockedCase, plain: Plain): void {
  if (plain.assigneeId !== null && !kase.members.some((m) => m.userId === plain.assigneeId)) {
    throw new AppError("invalid_input", "deadline.assigneeNotMember");
  }
}

export function checkDetails(kase: LockedCase, deadlineId: string, details: SealedRecordWire, version: number): void {
  if (details.type !== "deadline_details" || details.id !== deadlineId) throw new AppError("invalid_input", "deadline.details");
  if (details.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
  // Someone saved meanwhile: the browser reloads, nothing is overwritten.
  if (details.version !== version) throw new AppError("conflict", "deadline.version");
}

/**
 * The label's next version: the deadline's own label id (a new, unused one
 * for a deadline that has none yet) and the version after its last.
 */
export async function checkLabel(tx: Tx, kase: LockedCase, current: { labelId: string | null; labelVersion: number | null }, label: SealedRecordWire): Promise<void> {
  if (label.type !== "deadline_label") throw new AppError("invalid_input", "deadline.label");
  if (label.epoch !== kase.currentEpoch) throw new AppError("conflict", "epoch.stale");
  if (current.labelId === null) {
    if (label.version !== 1) throw new AppError("conflict", "deadline.version");
    if (await tx.caseRecord.findFirst({ where: { id: label.id }, select: { id: true } })) throw new AppError("conflict", "record.idTaken");
    return;
  }
  if (label.id !== current.labelId) throw new AppError("invalid_input", "deadline.label");
  if (label.version !== (current.labelVersion ?? 0) + 1) throw new AppError("conflict", "deadline.version");
}

export function plainRow(plain: Plain) {
  return { kind: plain.kind, dueAt: new Date(plain.dueAt), dateOnly: plain.dateOnly, assigneeId: plain.assigneeId };
}

/** Inserts a new deadline with details v1; the id must be unused by any record. */
export async function insertDeadline(
  tx: Tx,
  kase: LockedCase,
  authorId: string,
  deadline: Plain & { id: string; details: SealedRecordWire; label: SealedRecordWire },
  followUpOfId: string | null = null,
): Promise<void> {
  checkPlain(kase, deadline);
  checkDetails(kase, deadline.id, deadline.details, 1);
  if (deadline.label.id === deadline.id) throw new AppError("invalid_input", "deadline.label");
  if (await tx.caseRecord.findFirst({ where: { id: deadline.id }, select: { id: true } })) throw new AppError("conflict", "record.idTaken");
  await checkLabel(tx, kase, { labelId: null, labelVersion: null }, deadline.label);
  await tx.caseRecord.createMany({ data: [recordRow(kase.id, deadline.details, authorId), recordRow(kase.id, deadline.label, authorId)] });
  await tx.deadline.create({
    data: { id: deadline.id, caseId: kase.id, ...plainRow(deadline), detailsVersion: 1, labelId: deadline.label.id, labelVersion: 1, followUpOfId, createdById: authorId },
  });
}

/** A deadline of this case, locked for the transaction. */
export async function lockedDeadline(tx: Tx, caseId: string, deadlineId: string) {
  await tx.$executeRaw`SELECT 1 FROM "Deadline" WHERE id = ${deadlineId}::uuid FOR UPDATE`;
  const deadline = await tx.deadline.findFirst({ where: { id: deadlineId, caseId } });
  if (!deadline) throw new AppError("not_found");
  return deadline;
}
