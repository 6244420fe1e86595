/**
 * Signed case-key grants and signed epoch key check values.
 *
 * Must always hold:
 * - A grant statement is the canonical JSON of
 *   {type: "casevault.case-key-grant.v1", caseId, epoch, recipientId, sealedKeyHash},
 *   where sealedKeyHash = base64url(BLAKE2b-256(sealedKey)). The granting
 *   member signs it with Ed25519; the signature therefore covers the exact
 *   sealed bytes, the case, the epoch and the recipient.
 * - An epoch statement is the canonical JSON of
 *   {type: "casevault.case-key-epoch.v1", caseId, epoch, keyCheckValue}, signed
 *   by the member who created the epoch.
 * - A client uses a case key only after verifyGrant: the grant signature checks
 *   out under a public key the caller trusts as a current member's, AND the key
 *   matches the epoch's key check value. Otherwise CryptoError("bad_signature" |
 *   "bad_key_check") and the key is not returned (openGrant wipes it).
 * - Which public keys count as "current members" is the caller's decision; this
 *   module only checks against the key it is given.
 */
import { keyCheckValue, openSealed } from "./case-key-seal";
import { canonicalBytes } from "./canonical-json";
import { CryptoError } from "./errors";
import { sameBytes } from "@/lib/encoding/same-bytes";
import { assertLength, toBase64url, wipe } from "./encoding";
import { signCanonical, verifyCanonical } from "./signatures";
import { loadSodium } from "./sodium";
import type { KeyPair } from "./user-keys";

export type Grant = {
  caseId: string;
  epoch: number;
  recipientId: string;
  /** The case key sealed to the recipient (sealToMember). */
  sealedKey: Uint8Array;
};

export type EpochCheck = {
  caseId: string;
  epoch: number;
  keyCheckValue: Uint8Array;
};

function assertIds(caseId: string, epoch: number): void {
  if (typeof caseId !== "string" || caseId.length === 0) throw new CryptoError("invalid_input", "caseId is required");
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new CryptoError("invalid_input", "epoch must be a non-negative integer");
}

async function grantValue(grant: Grant) {
  const sodium = await loadSodium();
  assertIds(grant.caseId, grant.epoch);
  if (typeof grant.recipientId !== "string" || grant.recipientId.length === 0) {
    throw new CryptoError("invalid_input", "recipientId is required");
  }
  if (!(grant.sealedKey instanceof Uint8Array) || grant.sealedKey.length === 0) {
    throw new CryptoError("invalid_input", "sealedKey is required");
  }
  return {
    type: "casevault.case-key-grant.v1",
    caseId: grant.caseId,
    epoch: grant.epoch,
    recipientId: grant.recipientId,
    sealedKeyHash: toBase64url(sodium.crypto_generichash(32, grant.sealedKey, null)),
  };
}

function epochValue(check: EpochCheck) {
  assertIds(check.caseId, check.epoch);
  assertLength(check.keyCheckValue, 32, "keyCheckValue");
  return {
    type: "casevault.case-key-epoch.v1",
    caseId: check.caseId,
    epoch: check.epoch,
    keyCheckValue: toBase64url(check.keyCheckValue),
  };
}

/** The exact bytes a grant signature covers. */
export async function grantStatement(grant: Grant): Promise<Uint8Array> {
  return canonicalBytes(await grantValue(grant));
}

/** The exact bytes an epoch signature covers. */
export function epochStatement(check: EpochCheck): Uint8Array {
  return canonicalBytes(epochValue(check));
}

export async function signGrant(grant: Grant, signerEd25519PrivateKey: Uint8Array): Promise<Uint8Array> {
  return signCanonical(await grantValue(grant), signerEd25519PrivateKey);
}

export async function signEpoch(check: EpochCheck, creatorEd25519PrivateKey: Uint8Array): Promise<Uint8Array> {
  return signCanonical(epochValue(check), creatorEd25519PrivateKey);
}

/** Throws "bad_signature" unless the epoch's check value was signed by `creatorEd25519PublicKey`. */
export async function verifyEpoch(check: EpochCheck, signature: Uint8Array, creatorEd25519PublicKey: Uint8Array): Promise<void> {
  await verifyCanonical(epochValue(check), signature, creatorEd25519PublicKey);
}

export type VerifyGrantInput = {
  grant: Grant;
  signature: Uint8Array;
  /** Ed25519 public key of the member who made the grant, as the caller trusts it. */
  signerPublicKey: Uint8Array;
  /** The key opened from grant.sealedKey. */
  caseKey: Uint8Array;
  /** The epoch's key check value (itself checked with verifyEpoch). */
  keyCheckValue: Uint8Array;
};

/** Returns only if the grant is signed by `signerPublicKey` and `caseKey` matches the check value. */
export async function verifyGrant(input: VerifyGrantInput): Promise<void> {
  await verifyCanonical(await grantValue(input.grant), input.signature, input.signerPublicKey);
  const actual = await keyCheckValue(input.caseKey);
  if (!sameBytes(actual, input.keyCheckValue)) {
    throw new CryptoError("bad_key_check", "case key does not match the epoch's key check value");
  }
}

export type OpenGrantInput = Omit<VerifyGrantInput, "caseKey"> & {
  /** The recipient opening the grant: their id must be the grant's recipientId. */
  recipient: { id: string; x25519: KeyPair };
};

/** Open a grant addressed to `recipient` and return the case key only if verifyGrant passes. */
export async function openGrant(input: OpenGrantInput): Promise<Uint8Array> {
  if (input.grant.recipientId !== input.recipient.id) {
    throw new CryptoError("bad_signature", "grant is addressed to someone else");
  }
  const caseKey = await openSealed(input.grant.sealedKey, input.recipient.x25519.publicKey, input.recipient.x25519.privateKey);
  try {
    await verifyGrant({ ...input, caseKey });
  } catch (error) {
    wipe(caseKey);
    throw error;
  }
  return caseKey;
}
