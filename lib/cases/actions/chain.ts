import "server-only";
import { createHash } from "node:crypto";
import { fromBase64url, toBase64url } from "@/lib/encoding/base64url";
import { canonicalBytes } from "@/lib/encoding/canonical-json";
import { AppError } from "@/lib/errors/app-error";
import type { CaseRole } from "@/lib/auth/roles";
import type { ChainLinkWire, MembershipStatement } from "@/lib/trust/chain-schema";
import type { Tx } from "@/lib/db/client";

// The server's side of the membership chain: it stores each statement a
// lead's browser signed, and refuses one that does not describe the change it
// came with. It checks only what it can see (ids, roles, numbers, hashes);
// the signatures are the browsers' business (lib/trust/membership-chain.ts).

/** `opening`: statement 1, made with the case itself; every other change must follow a stored statement. */
export type ExpectedLink = { epoch: number; members: { userId: string; role: CaseRole }[]; opening?: boolean };

const teamKey = (members: { userId: string; role: string }[]) =>
  members
    .map((m) => `${m.userId}:${m.role}`)
    .sort()
    .join(",");

/** Appends `link` as the case's next statement, or throws AppError("invalid_input", "case.chain"). */
export async function appendChainLink(tx: Tx, caseId: string, signerId: string, link: ChainLinkWire, expected: ExpectedLink): Promise<void> {
  const last = await tx.caseChainLink.findFirst({ where: { caseId }, orderBy: { seq: "desc" }, select: { seq: true, statement: true } });
  // Browsers accept a statement only from a lead of the team before it (statement 1: the creator, made lead with it).
  const signer = last ? await tx.caseMember.findUnique({ where: { caseId_userId: { caseId, userId: signerId } }, select: { role: true } }) : { role: "lead" };
  if (signer?.role !== "lead") throw new AppError("invalid_input", "case.chain");
  const statement: MembershipStatement = link.statement;
  const prev = last ? toBase64url(createHash("sha256").update(last.statement).digest()) : "";
  const follows =
    statement.caseId === caseId &&
    statement.seq === (last?.seq ?? 0) + 1 &&
    statement.prev === prev &&
    statement.signerId === signerId &&
    statement.epoch === expected.epoch &&
    teamKey(statement.members) === teamKey(expected.members);
  // A case made before the chain existed has no statement to follow: its team changes are refused (README, "Signed team").
  if (!follows || (!last && !expected.opening)) throw new AppError("invalid_input", "case.chain");
  await tx.caseChainLink.create({
    data: { caseId, seq: statement.seq, statement: new Uint8Array(canonicalBytes(statement)), signature: fromBase64url(link.signature), signerId },
  });
}
