"use client";

import type { UnlockedAccount } from "@/lib/crypto/account";
import { wipe } from "@/lib/crypto/encoding";
import { rotateCaseKey } from "@/lib/cases/case-keys";
import type { CaseDetail, MemberKeys } from "@/lib/cases/schema";
import { keyStatus, pinning, type Keybook } from "@/lib/trust/keybook";
import { signTeamChange, type ChainHead } from "@/lib/trust/membership-chain";
import type { SealedDocumentSession } from "@/lib/trust/sealed-document";
import { removeMemberAction } from "@/app/_actions/cases";

/**
 * Removes `userId` from the case team from this browser: a new key epoch
 * sealed to every remaining ACTIVE member (a deactivated one gets nothing and
 * is removed in turn), and the chain statement for it. Everyone who keeps
 * access must be pinned here (first seen is enough, and is pinned now); a
 * changed key stops the rotation (CryptoError "untrusted_key") before any key is made.
 */
export async function removeFromTeam(input: {
  detail: CaseDetail;
  userId: string;
  account: UnlockedAccount;
  keybook: SealedDocumentSession<Keybook>;
  head: ChainHead;
}) {
  const { detail, userId, account, keybook, head } = input;
  const people = new Map(detail.people.map((p) => [p.userId, p]));
  const remaining: MemberKeys[] = detail.memberIds.filter((id) => id !== userId).flatMap((id) => {
    const person = people.get(id);
    return person?.active ? [person] : [];
  });
  const book = await keybook.update(pinning(remaining.filter((m) => keyStatus(keybook.doc, m).state === "unknown"), "first_seen"));
  const rotated = await rotateCaseKey({ caseId: detail.id, newEpoch: detail.currentEpoch + 1, remaining, me: account, keybook: book });
  try {
    const link = await signTeamChange({ caseId: detail.id, head, change: { removeId: userId, rekey: remaining }, me: account, newEpoch: rotated.epoch });
    return await removeMemberAction({ caseId: detail.id, userId, epoch: rotated.epoch, grants: rotated.grants, link });
  } finally {
    wipe(rotated.caseKey);
  }
}
