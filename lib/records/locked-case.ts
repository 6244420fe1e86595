import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { visibleCaseWhere } from "@/lib/cases/access";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";

// Every change to a case's records runs inside a transaction that first locks
// the case row: changes to one case run one at a time, and the change and its
// audit event commit together, or neither does.

/** The case, locked for this transaction, with its members, if visible to the actor; otherwise not found. */
export async function lockedCase(tx: Tx, actor: Actor, caseId: string) {
  await tx.$executeRaw`SELECT 1 FROM "Case" WHERE id = ${caseId}::uuid FOR UPDATE`;
  const kase = await tx.case.findFirst({
    where: visibleCaseWhere(actor, caseId),
    include: { members: { include: { user: { select: { boxPublicKey: true, status: true } } } } },
  });
  if (!kase) throw new AppError("not_found");
  return kase;
}
