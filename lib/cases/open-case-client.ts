import "client-only";
import type { z } from "zod";
import type { UnlockedAccount } from "@/lib/crypto/account";
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

/**
 * Opens the keys of every epoch this member holds a grant for. `signers` are
 * the keys whose signatures count, as the keybook decides (lib/trust/
 * trusted-signers.ts: pinned keys, first-seen keys, never a "former" key the
 * server merely claims). The current epoch must be signed by a current
 * member; an older epoch by anyone in `signers`.
 */
export async function openKeyring(kase: CaseSummary, signers: readonly Signer[], me: UnlockedAccount): Promise<CaseKeyring> {
  const keyring = new CaseKeyring(kase.id);
  const currentMembers = signers.filter((p) => kase.memberIds.includes(p.userId));
  for (const grant of kase.myGrants) {
    const epoch = kase.epochs.find((e) => e.epoch === grant.epoch);
    if (!epoch) continue;
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
