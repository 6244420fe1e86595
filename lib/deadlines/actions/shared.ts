import "server-only";
import type { z } from "zod";
import { recordRow, type Tx } from "@/lib/cases/actions/shared";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { AppError } from "@/lib/errors/app-error";
import type { deadlinePlainWireSchema } from "../schema";

// Checks every deadline change makes on the server. The browser sealed the
// details; the server checks what it can see: the record names the deadline,
// sits in the current epoch and follows the last version; the assignee is on
// the team.

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

export function plainRow(plain: Plain) {
  return { kind: plain.kind, dueAt: new Date(plain.dueAt), dateOnly: plain.dateOnly, assigneeId: plain.assigneeId };
}

/** Inserts a new deadline with details v1; the id must be unused by any record. */
export async function insertDeadline(
  tx: Tx,
  kase: LockedCase,
  authorId: string,
  deadline: Plain & { id: string; details: SealedRecordWire },
  followUpOfId: string | null = null,
): Promise<void> {
  checkPlain(kase, deadline);
  checkDetails(kase, deadline.id, deadline.details, 1);
  if (await tx.caseRecord.findFirst({ where: { id: deadline.id }, select: { id: true } })) throw new AppError("conflict", "record.idTaken");
  await tx.caseRecord.create({ data: recordRow(kase.id, deadline.details, authorId) });
  await tx.deadline.create({
    data: { id: deadline.id, caseId: kase.id, ...plainRow(deadline), detailsVersion: 1, followUpOfId, createdById: authorId },
  });
}

/** A deadline of this case, locked for the transaction. */
export async function lockedDeadline(tx: Tx, caseId: string, deadlineId: string) {
  await tx.$executeRaw`SELECT 1 FROM "Deadline" WHERE id = ${deadlineId}::uuid FOR UPDATE`;
  const deadline = await tx.deadline.findFirst({ where: { id: deadlineId, caseId } });
  if (!deadline) throw new AppError("not_found");
  return deadline;
}
