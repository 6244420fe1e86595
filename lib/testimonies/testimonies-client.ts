import "client-only";
import { z } from "zod";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, type Opened } from "@/lib/cases/open-case-client";
import { openRecordValue, sealRecord } from "@/lib/cases/records-client";
import { signerValidAt, type SealedRecordWire, type Signer } from "@/lib/cases/schema";
import { CryptoError } from "@/lib/crypto/errors";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { fromBase64url } from "@/lib/crypto/encoding";
import { ClientError } from "@/lib/errors/client-error";
import { allowsLegalUse } from "./consent";
import { consentLogProblems, testimonyDraftSchema, testimonySchema, type Testimony, type TestimonyDraft } from "./schema";
import { signTestimonyVersion, verifyTestimonyVersion } from "./sign-client";
import type { TestimonyVersionMeta } from "./wire";

// Testimonies in the browser. A version is validated (strict schema, and the
// consent log only ever grows), signed by its author over the digest of
// exactly the content that is sealed, then sealed under the case key. On the
// way back it is opened, and its signature checked against the author's
// keys; a version that fails either is never shown as trusted.

type Target = { caseId: string; currentEpoch: number; keyring: CaseKeyring };

/** "testimony.invalid": the version fails its schema; "testimony.consentLogShrank": it drops or changes an earlier consent entry. */
export type TestimonyErrorCode = "testimony.invalid" | "testimony.consentLogShrank";

function currentKey(target: Target): Uint8Array {
  const key = target.keyring.get(target.currentEpoch);
  if (!key) throw new CryptoError("no_key", "no verified key for the current epoch");
  return key;
}

/** The next version, signed and sealed; what saveTestimonyAction takes (but the case and draft ids). */
export async function sealTestimonyVersion(target: Target, me: UnlockedAccount, place: { testimonyId: string; version: number }, value: Testimony, previous: Testimony | null) {
  const parsed = testimonySchema.safeParse(value);
  if (!parsed.success) throw new ClientError<TestimonyErrorCode>("testimony.invalid", "the testimony does not pass its schema");
  if (previous && consentLogProblems(previous, parsed.data).length > 0) throw new ClientError<TestimonyErrorCode>("testimony.consentLogShrank", "the consent log may only grow");
  const content = parsed.data;
  const signedAt = new Date().toISOString();
  const { signature } = await signTestimonyVersion({ ...place, caseId: target.caseId, authorId: me.userId, signedAt }, content, me.keys.ed25519.privateKey);
  const record = await sealRecord({ caseId: target.caseId, type: "testimony", id: place.testimonyId, version: place.version, epoch: target.currentEpoch, caseKey: currentKey(target), value: content });
  return { record, signedAt, signature, legalUseConsent: allowsLegalUse(content) };
}

/** "rolled_back": older than (or different from) the version this browser has already seen as the latest. */
export type SignatureState = "valid" | "broken" | "unknown_key" | "rolled_back";

export type OpenedVersion = { content: Opened<TestimonyDraft>; signature: SignatureState };

/**
 * Opens a version and checks its signature with every key its author is
 * known to have held (a version signed before an admin reset stays valid).
 * The signature is checked over the decrypted value exactly as it was sealed,
 * before and apart from this client version's schema: a field a later schema
 * drops or trims does not make an honest signature look broken (tested in
 * testimonies-client.test.ts). Content that does not decrypt counts as a
 * broken signature too; content that verifies but does not fit the schema is
 * shown as damaged with its signature state.
 */
export async function openTestimonyVersion(caseId: string, record: SealedRecordWire, meta: TestimonyVersionMeta, keyring: CaseKeyring, signers: readonly Signer[]): Promise<OpenedVersion> {
  const key = keyring.get(record.epoch);
  if (!key) return { content: { ok: false, problem: "no_key" }, signature: "unknown_key" };
  let sealed: unknown;
  try {
    sealed = await openRecordValue({ caseId, record, caseKey: key, type: "testimony" });
  } catch {
    return { content: { ok: false, problem: "damaged" }, signature: "broken" };
  }
  const parsed = testimonyDraftSchema.safeParse(sealed);
  const content: Opened<TestimonyDraft> = parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: "damaged" };
  // A key the author has since replaced counts only for versions signed before (keybook, retired keys).
  const authorKeys = signers.filter((s) => s.userId === meta.authorId && signerValidAt(s, meta.signedAt));
  if (authorKeys.length === 0) return { content, signature: "unknown_key" };
  const place = { testimonyId: meta.testimonyId, caseId, version: meta.version, authorId: meta.authorId, signedAt: meta.signedAt };
  for (const signer of authorKeys) {
    try {
      await verifyTestimonyVersion(place, sealed, meta.signature, fromBase64url(signer.signPublicKey));
      return { content, signature: "valid" };
    } catch {
      // Try the author's other (former) key.
    }
  }
  return { content, signature: "broken" };
}

// ---- drafts ----

export const draftContentSchema = z.object({
  testimonyId: z.uuid(),
  /** The version the draft edits (0: a new testimony). */
  baseVersion: z.number().int().min(0),
  value: testimonyDraftSchema,
});
export type DraftContent = z.infer<typeof draftContentSchema>;

export function sealDraft(target: Target, draftId: string, content: DraftContent): Promise<SealedRecordWire> {
  return sealRecord({ caseId: target.caseId, type: "testimony_draft", id: draftId, version: 1, epoch: target.currentEpoch, caseKey: currentKey(target), value: content });
}

export function openDraft(caseId: string, record: SealedRecordWire, keyring: CaseKeyring): Promise<Opened<DraftContent>> {
  return openWithKeyring(caseId, record, keyring, draftContentSchema, "testimony_draft");
}
