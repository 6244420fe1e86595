"use client";

import type { UnlockedAccount } from "@/lib/crypto/account";
import { wipe } from "@/lib/crypto/encoding";
import { keyStatus, pinning, type Keybook } from "@/lib/trust/keybook";
import { chainMember, signTeamChange, type ChainHead } from "@/lib/trust/membership-chain";
import type { SealedDocumentSession } from "@/lib/trust/sealed-document";
import { grantEveryEpoch, rotateCaseKey, type CaseKeyring } from "./case-keys";
import type { ChainLinkWire } from "@/lib/trust/chain-schema";
import type { CaseDetail, CaseRole, GrantWire, MemberKeys } from "./schema";

// Team changes sealed in this browser (the server holds no key to make them):
// what the team tab and the deactivated-members sweep send to the case
// actions. Each function returns the wire payload; the route sends it.

type Signer = { account: UnlockedAccount; keybook: SealedDocumentSession<Keybook>; head: ChainHead };

/**
 * Removing `userId` from the team: a new key epoch sealed to every remaining
 * ACTIVE member (a deactivated one gets nothing and is removed in turn), and
 * the chain statement for it. Everyone who keeps access must be pinned here
 * (first seen is enough, and is pinned now); a changed key stops the rotation
 * (CryptoError "untrusted_key") before any key is made. The new case key is
 * wiped before this returns.
 */
export async function sealRemoval({ detail, userId, account, keybook, head }: Signer & { detail: CaseDetail; userId: string }) {
  const people = new Map(detail.people.map((p) => [p.userId, p]));
  const remaining: MemberKeys[] = detail.memberIds.filter((id) => id !== userId).flatMap((id) => {
    const person = people.get(id);
    return person?.active ? [person] : [];
  });
  const book = await keybook.update(pinning(remaining.filter((m) => keyStatus(keybook.doc, m).state === "unknown"), "first_seen"));
  const rotated = await rotateCaseKey({ caseId: detail.id, newEpoch: detail.currentEpoch + 1, remaining, me: account, keybook: book });
  try {
    const link = await signTeamChange({ caseId: detail.id, head, change: { removeId: userId, rekey: remaining }, me: account, newEpoch: rotated.epoch });
    return { caseId: detail.id, userId, epoch: rotated.epoch, grants: rotated.grants, link };
  } finally {
    wipe(rotated.caseKey);
  }
}

/**
 * Sharing every epoch's case key with `member` (whose keys must be pinned
 * here; records stay under the epoch they were written in), to add them or
 * to re-share after their keys were reset, with the chain statement for it.
 * Works on copies of the keys: `pin` (pinning the member first) re-renders
 * the case, which wipes the keyring they came from; the copies are wiped
 * before this returns.
 */
export async function sealShare(input: Signer & {
  caseId: string;
  currentEpoch: number;
  keyring: CaseKeyring;
  member: MemberKeys;
  change: { add: CaseRole } | "reshare";
  pin?: () => Promise<unknown>;
}): Promise<{ grants: GrantWire[]; link: ChainLinkWire }> {
  const { caseId, currentEpoch, keyring, member, change, pin, account, keybook, head } = input;
  const keys = new Map(keyring.epochs().map((e) => [e, keyring.get(e)!.slice()]));
  try {
    await pin?.();
    const grants = await grantEveryEpoch({ caseId, currentEpoch, keys: (e) => keys.get(e), recipient: member, me: account, keybook: keybook.doc });
    const statement = change === "reshare" ? { rekey: [member] } : { add: chainMember(member, change.add) };
    const link = await signTeamChange({ caseId, head, change: statement, me: account });
    return { grants, link };
  } finally {
    for (const key of keys.values()) wipe(key);
  }
}
