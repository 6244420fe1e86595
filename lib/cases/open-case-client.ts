import "client-only";
import type { z } from "zod";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { chainKeyCheck, compareTeam, verifyChain, type ChainHead, type ChainProblem, type TeamMismatch } from "@/lib/trust/membership-chain";
import { CaseKeyring } from "./case-keys";
import { openRecord, sealRecord } from "./records-client";
import {
  personProfileSchema,
  transitionReasonSchema,
  type CaseSummary,
  type PersonProfile,
  type RecordType,
  type SealedRecordWire,
  type Signer,
} from "./schema";

// Opening a case in the browser: every key is checked (grant and epoch
// signatures by a trusted member, key check value) before use. A record that
// fails to open is reported as damaged, never shown.

/** "rolled_back": older than what this browser has already seen (lib/trust/marks.ts), so not shown as current. */
export type Opened<T> = { ok: true; value: T } | { ok: false; problem: "no_key" | "damaged" | "rolled_back" };

/** What the membership chain says about the case as served (lib/trust/membership-chain.ts). */
export type CaseChainCheck =
  | { ok: true; head: ChainHead; mismatch: TeamMismatch }
  /** "no_chain": made by an earlier version; "broken_chain": a statement fails a check; "not_on_team": the signed team does not hold me with my keys. */
  | { ok: false; problem: ChainProblem | "not_on_team"; seq?: number };

/** Verifies the case's chain from statement 1 and compares its head with the team and epoch the server serves. */
export async function checkCaseChain(kase: CaseSummary, signers: readonly Signer[], me: UnlockedAccount): Promise<CaseChainCheck> {
  const verdict = await verifyChain(kase.id, kase.chain, signers);
  if (!verdict.ok) return verdict;
  const mine = verdict.head.statement.members.find((m) => m.userId === me.userId);
  const myKeys = mine && mine.boxPublicKey === toBase64url(me.keys.x25519.publicKey) && mine.signPublicKey === toBase64url(me.keys.ed25519.publicKey);
  if (!myKeys) return { ok: false, problem: "not_on_team" };
  return { ok: true, head: verdict.head, mismatch: compareTeam(verdict.head, kase) };
}

/**
 * Opens the keys of every epoch this member holds a grant for, once the
 * membership chain checks out: no key is opened for a case whose chain is
 * missing or broken, whose signed team leaves me out, or whose served epoch
 * is not the chain's; an epoch's key check value must be the one the chain
 * records for it. `signers` are the keys whose signatures count, as the
 * keybook decides (lib/trust/trusted-signers.ts). The current epoch's grant
 * must come from a member of the signed team; an older epoch's from anyone
 * in `signers`.
 */
export async function openKeyring(kase: CaseSummary, signers: readonly Signer[], me: UnlockedAccount): Promise<CaseKeyring> {
  const keyring = new CaseKeyring(kase.id);
  const chain = await checkCaseChain(kase, signers, me);
  if (!chain.ok || chain.mismatch.epoch) return keyring;
  const team = new Set(chain.head.statement.members.map((m) => m.userId));
  const currentMembers = signers.filter((p) => team.has(p.userId));
  for (const grant of kase.myGrants) {
    const epoch = kase.epochs.find((e) => e.epoch === grant.epoch);
    if (!epoch || chainKeyCheck(kase.chain, epoch.epoch) !== epoch.keyCheckValue) continue;
    try {
      await keyring.open({ epoch, grant, me, signers: grant.epoch === kase.currentEpoch ? currentMembers : signers });
    } catch {
      // Left out: records of this epoch show as damaged rather than trusted.
    }
  }
  return keyring;
}

/** Opens a record of `type` with the keyring's verified key for its epoch: the value, or why not (never throws). */
export async function openWithKeyring<S extends z.ZodType>(caseId: string, record: SealedRecordWire, keyring: CaseKeyring, schema: S, type: RecordType): Promise<Opened<z.output<S>>> {
  const key = keyring.get(record.epoch);
  if (!key) return { ok: false, problem: "no_key" };
  try {
    return { ok: true, value: await openRecord({ caseId, record, caseKey: key, schema, type }) };
  } catch {
    return { ok: false, problem: "damaged" };
  }
}

export async function openProfile(kase: CaseSummary, record: SealedRecordWire | null, keyring: CaseKeyring): Promise<Opened<PersonProfile>> {
  if (!record) return { ok: false, problem: "damaged" };
  return openWithKeyring(kase.id, record, keyring, personProfileSchema, "person_profile");
}

export async function openReason(caseId: string, record: SealedRecordWire, keyring: CaseKeyring): Promise<Opened<string>> {
  const opened = await openWithKeyring(caseId, record, keyring, transitionReasonSchema, "transition_reason");
  return opened.ok ? { ok: true, value: opened.value.reason } : opened;
}

/** Seals under the current epoch; refuses if this browser holds no verified key for it. */
export async function sealCurrent(
  kase: Pick<CaseSummary, "id" | "currentEpoch">,
  keyring: CaseKeyring,
  record: { type: SealedRecordWire["type"]; id: string; version: number; value: unknown },
): Promise<SealedRecordWire> {
  const caseKey = keyring.get(kase.currentEpoch);
  if (!caseKey) throw new Error("no verified key for the current epoch");
  return sealRecord({ caseId: kase.id, epoch: kase.currentEpoch, caseKey, ...record });
}
