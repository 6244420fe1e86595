import "client-only";
import type { z } from "zod";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { CryptoError, isCryptoError } from "@/lib/crypto/errors";
import { chainAuthors, chainKeyCheck, compareTeam, verifyChain, type ChainHead, type ChainProblem, type TeamMismatch } from "@/lib/trust/membership-chain";
import { CaseKeyring } from "./case-keys";
import { sealedRecordHash, type RecordAuthor } from "./record-signature";
import { openRecordSigned, sealRecord, type SignedBy } from "./records-client";
import {
  personLabelOf,
  personLabelSchema,
  personProfileSchema,
  transitionReasonSchema,
  type CaseSummary,
  type PersonLabel,
  type PersonProfile,
  type RecordType,
  type SealedRecordWire,
  type Signer,
} from "./schema";

// Opening a case in the browser: every key is checked (grant and epoch
// signatures by a trusted member, key check value) before use. A record that
// fails to open is reported as damaged, never shown.

/**
 * "rolled_back": older than what this browser has already seen (lib/trust/marks.ts), so not shown as current.
 * "forged": it decrypts, but its author's signature does not hold (lib/cases/record-signature.ts): a security alert.
 * `signed`: who signed the version and the predecessor it names (every type but testimonies).
 */
export type Opened<T> = { ok: true; value: T; signed?: SignedBy } | { ok: false; problem: "no_key" | "damaged" | "rolled_back" | "forged" };

/** Whether any of these opened records carries a signature that does not hold. */
export const anyForged = (opened: Iterable<Opened<unknown> | null | undefined>) => [...opened].some((o) => o?.ok === false && o.problem === "forged");

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
  keyring.trustAuthors(chainAuthors(kase.chain));
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

/**
 * Opens a record of `type` with the keyring's verified key for its epoch and
 * checks its author's signature against the chain's members of that epoch:
 * the value, or why not (never throws).
 */
export async function openWithKeyring<S extends z.ZodType>(caseId: string, record: SealedRecordWire, keyring: CaseKeyring, schema: S, type: RecordType): Promise<Opened<z.output<S>>> {
  const key = keyring.get(record.epoch);
  if (!key) return { ok: false, problem: "no_key" };
  try {
    return { ok: true, ...(await openRecordSigned({ caseId, record, caseKey: key, schema, type, authors: keyring.authorsAt(record.epoch) })) };
  } catch (error) {
    return { ok: false, problem: isCryptoError(error, "bad_signature") ? "forged" : "damaged" };
  }
}

export async function openProfile(kase: CaseSummary, record: SealedRecordWire | null, keyring: CaseKeyring): Promise<Opened<PersonProfile>> {
  if (!record) return { ok: false, problem: "damaged" };
  return openWithKeyring(kase.id, record, keyring, personProfileSchema, "person_profile");
}

/**
 * What views across cases show of the person: the summary's label (bound to
 * this case and its type by the sealing), or — for a case whose profile was
 * last saved before labels — the profile's name, aliases and risk.
 */
export async function openPersonLabel(kase: CaseSummary, keyring: CaseKeyring): Promise<Opened<PersonLabel>> {
  if (kase.personLabel) return openWithKeyring(kase.id, kase.personLabel, keyring, personLabelSchema, "person_label");
  const profile = await openProfile(kase, kase.profile, keyring);
  return profile.ok ? { ok: true, value: personLabelOf(profile.value), signed: profile.signed } : profile;
}

/** A new case's profile and the person's label, each version 1 under epoch 1, signed by its creator. */
export async function sealFirstProfile(input: { caseId: string; caseKey: Uint8Array; profile: PersonProfile; author: RecordAuthor; ids?: { profileId: string; labelId: string } }) {
  const ids = input.ids ?? { profileId: crypto.randomUUID(), labelId: crypto.randomUUID() };
  const first = { caseId: input.caseId, version: 1, epoch: 1, caseKey: input.caseKey, signed: { author: input.author, prev: null } };
  return {
    profile: await sealRecord({ ...first, type: "person_profile", id: ids.profileId, value: input.profile }),
    label: await sealRecord({ ...first, type: "person_label", id: ids.labelId, value: personLabelOf(input.profile) }),
  };
}

/** The next version of the person's label after `previous` (null: the first, under a new id), to seal with a profile version. */
export async function nextPersonLabel(previous: SealedRecordWire | null, profile: PersonProfile) {
  return {
    record: { type: "person_label" as const, id: previous?.id ?? crypto.randomUUID(), version: (previous?.version ?? 0) + 1, value: personLabelOf(profile) },
    prev: previous ? await sealedRecordHash(previous.contentSealed) : null,
  };
}

export async function openReason(caseId: string, record: SealedRecordWire, keyring: CaseKeyring): Promise<Opened<string>> {
  const opened = await openWithKeyring(caseId, record, keyring, transitionReasonSchema, "transition_reason");
  return opened.ok ? { ok: true, value: opened.value.reason, signed: opened.signed } : opened;
}

/** The predecessor hash an opened, signed version names, for the marks' succession check (undefined when not known). */
export const signedPrev = (opened: Opened<unknown> | undefined): string | null | undefined => (opened?.ok ? opened.signed?.prev : undefined);

/**
 * Seals under the current epoch, signed by `author` after the version whose
 * sealed bytes hash to `prev` (null for version 1); refuses if this browser
 * holds no verified key for the epoch.
 */
export async function sealCurrent(
  kase: Pick<CaseSummary, "id" | "currentEpoch">,
  keyring: CaseKeyring,
  record: { type: SealedRecordWire["type"]; id: string; version: number; value: unknown },
  signed: { author: RecordAuthor; prev: string | null },
): Promise<SealedRecordWire> {
  const caseKey = keyring.get(kase.currentEpoch);
  if (!caseKey) throw new CryptoError("no_key", "no verified key for the current epoch");
  return sealRecord({ caseId: kase.id, epoch: kase.currentEpoch, caseKey, ...record, signed });
}
