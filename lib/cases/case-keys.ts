/**
 * Case keys in the browser: create an epoch, grant its key to a member, open
 * a grant, rotate on a member's removal, and hold opened keys in memory.
 *
 * Must always hold (DESIGN.md §2):
 * - openCaseKey returns a case key only if ALL of these hold, in this order:
 *   the grant is addressed to me and to the epoch I asked for; the grant's
 *   signer and the epoch's creator are among the `signers` the caller trusts;
 *   the epoch's key check value is signed by its creator; the grant is signed
 *   by its signer over {caseId, epoch, recipientId, hash of the sealed key};
 *   the opened key matches the check value. Otherwise it throws CryptoError
 *   and returns nothing (a server cannot slip in a key of its own).
 * - The case id is not on the grant or epoch wire: it is bound only through
 *   the signed statements, so a grant or epoch served for another case fails
 *   its signature check here.
 * - Which public keys count as members is the caller's decision: the CURRENT
 *   members' keys for the current epoch; for an older epoch, opened only to
 *   re-encrypt its records, it may pass every known org user.
 * - My own grants are always sealed to my own X25519 key from my unlocked
 *   account, never to a copy of it the server sent.
 * - A case key is sealed to someone else only when their keys, as the server
 *   serves them, are the keys pinned in MY keybook (lib/trust/keybook.ts):
 *   a key the server substituted, or one never confirmed, gets nothing
 *   (CryptoError "untrusted_key"), before any key is sealed.
 * - Keys live only in memory; CaseKeyring.wipe() zeroes them.
 */
import "client-only";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { keyCheckValue, newCaseKey, sealToMember } from "@/lib/crypto/case-key-seal";
import { fromBase64url, isAllZero, toBase64url, wipe } from "@/lib/crypto/encoding";
import { CryptoError } from "@/lib/crypto/errors";
import { openGrant, signEpoch, signGrant, verifyEpoch } from "@/lib/crypto/grants";
import type { ChainLinkWire } from "@/lib/trust/chain-schema";
import { keyStatus, type Keybook } from "@/lib/trust/keybook";
import { signNextLink } from "@/lib/trust/membership-chain";
import type { EpochAuthors } from "./record-signature";
import type { EpochWire, GrantWire, MemberKeys, Signer } from "./schema";

const KEY_CHECK_BYTES = 32;
const SIGNATURE_BYTES = 64;
const PUBLIC_KEY_BYTES = 32;

/** Decode a base64url wire field the server sent; anything malformed is "damaged", like a bad ciphertext. */
function decodeWire(text: string, what: string, length?: number): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(text);
  } catch (cause) {
    throw new CryptoError("damaged", `${what} is not base64url`, { cause });
  }
  if (length !== undefined && bytes.length !== length) throw new CryptoError("damaged", `${what} has the wrong size`);
  return bytes;
}

/** Decode a recipient's public key; a malformed one is "invalid_input" (nothing gets sealed to it). */
function decodePublicKey(text: string, what: string): Uint8Array {
  const bytes = fromBase64url(text);
  if (bytes.length !== PUBLIC_KEY_BYTES) throw new CryptoError("invalid_input", `${what} must be ${PUBLIC_KEY_BYTES} bytes`);
  return bytes;
}

/** Refuses a recipient whose served keys are not the ones pinned in `keybook`. */
function assertPinned(keybook: Keybook, recipient: MemberKeys): void {
  const status = keyStatus(keybook, recipient).state;
  if (status !== "pinned") throw new CryptoError("untrusted_key", `recipient's keys are ${status === "changed" ? "not the pinned ones" : "not pinned yet"}`);
}

function assertCaseId(caseId: string): void {
  if (typeof caseId !== "string" || caseId.length === 0) throw new CryptoError("invalid_input", "caseId is required");
}

function assertEpochNumber(epoch: number, min = 1): void {
  if (!Number.isSafeInteger(epoch) || epoch < min) throw new CryptoError("invalid_input", `epoch must be an integer >= ${min}`);
}

/**
 * The signing keys `userId` may have used: their current key and any key they
 * held before an admin reset (the caller passes both). A signature counts if
 * one of them verifies it.
 */
function trustedSignerKeys(signers: readonly Signer[], userId: string, role: string): Uint8Array[] {
  const keys = [...new Set(signers.filter((s) => s.userId === userId).map((s) => s.signPublicKey))];
  if (keys.length === 0) throw new CryptoError("bad_signature", `${role} is not a member trusted for this epoch`);
  return keys.map((k) => decodeWire(k, `${role}'s signing key`, PUBLIC_KEY_BYTES));
}

/** Runs `attempt` with each key in turn; the first success wins, else the last failure is thrown. */
async function withAnyKey<T>(keys: Uint8Array[], attempt: (key: Uint8Array) => Promise<T>): Promise<T> {
  let failure: unknown = new CryptoError("bad_signature", "no signing key");
  for (const key of keys) {
    try {
      return await attempt(key);
    } catch (error) {
      if (!(error instanceof CryptoError) || error.code !== "bad_signature") throw error;
      failure = error;
    }
  }
  throw failure;
}

async function makeGrant(
  caseId: string,
  epoch: number,
  caseKey: Uint8Array,
  recipientId: string,
  recipientBoxPublicKey: Uint8Array,
  me: UnlockedAccount,
): Promise<GrantWire> {
  // A wiped key (all zeros) must never be handed out as the case key.
  if (isAllZero(caseKey)) throw new CryptoError("invalid_input", "the case key has been wiped");
  const sealedKey = await sealToMember(caseKey, recipientBoxPublicKey);
  const signature = await signGrant({ caseId, epoch, recipientId, sealedKey }, me.keys.ed25519.privateKey);
  return { epoch, recipientId, sealedKey: toBase64url(sealedKey), signerId: me.userId, signature: toBase64url(signature) };
}

async function makeEpoch(caseId: string, epoch: number, caseKey: Uint8Array, me: UnlockedAccount): Promise<EpochWire> {
  const check = await keyCheckValue(caseKey);
  const signature = await signEpoch({ caseId, epoch, keyCheckValue: check }, me.keys.ed25519.privateKey);
  return { epoch, createdById: me.userId, keyCheckValue: toBase64url(check), signature: toBase64url(signature) };
}

/**
 * A new case: epoch 1, its key, my own grant to it, and statement 1 of its
 * membership chain (me alone, as lead). The caller owns (and eventually wipes) `caseKey`.
 */
export async function createCaseKeys(
  caseId: string,
  me: UnlockedAccount,
): Promise<{ caseKey: Uint8Array; epoch: EpochWire; grant: GrantWire; link: ChainLinkWire }> {
  assertCaseId(caseId);
  const caseKey = await newCaseKey();
  try {
    const epoch = await makeEpoch(caseId, 1, caseKey, me);
    const grant = await makeGrant(caseId, 1, caseKey, me.userId, me.keys.x25519.publicKey, me);
    const myself = { userId: me.userId, role: "lead" as const, boxPublicKey: toBase64url(me.keys.x25519.publicKey), signPublicKey: toBase64url(me.keys.ed25519.publicKey) };
    const link = await signNextLink({ caseId, head: null, epoch: 1, keyCheckValue: epoch.keyCheckValue, members: [myself], me });
    return { caseKey, epoch, grant, link };
  } catch (error) {
    wipe(caseKey);
    throw error;
  }
}

/** What every key operation on a case starts from: which case, and who I am (my unlocked keys). */
type InCase = { caseId: string; me: UnlockedAccount };

export type GrantCaseKeyInput = InCase & {
  /** The epoch number `caseKey` belongs to. */
  epoch: number;
  /** A key I opened with openCaseKey (or created): never one taken unchecked from the server. */
  caseKey: Uint8Array;
  recipient: MemberKeys;
  /** My keybook: the recipient's keys must be pinned in it (unless the recipient is me). */
  keybook: Keybook;
};

/** Seal `caseKey` to the recipient's X25519 key and sign the grant with my Ed25519 key. */
export async function grantCaseKey({ caseId, epoch, caseKey, recipient, me, keybook }: GrantCaseKeyInput): Promise<GrantWire> {
  assertCaseId(caseId);
  assertEpochNumber(epoch);
  if (recipient.userId !== me.userId) assertPinned(keybook, recipient);
  const boxPublicKey =
    recipient.userId === me.userId ? me.keys.x25519.publicKey : decodePublicKey(recipient.boxPublicKey, "recipient's box key");
  return makeGrant(caseId, epoch, caseKey, recipient.userId, boxPublicKey, me);
}

/**
 * Grants of every epoch's key, 1 to `currentEpoch`, to one recipient: a new
 * member (or one re-joining after a reset) reads the records of every epoch,
 * which stay sealed as they were written. Refuses (invalid_input) if a key
 * of some epoch is not in `keys`, before anything is sealed.
 */
export async function grantEveryEpoch(input: Omit<GrantCaseKeyInput, "epoch" | "caseKey"> & { keys: (epoch: number) => Uint8Array | undefined; currentEpoch: number }): Promise<GrantWire[]> {
  const { keys, currentEpoch, ...rest } = input;
  const epochs = Array.from({ length: currentEpoch }, (_, i) => i + 1);
  const missing = epochs.filter((e) => !keys(e));
  if (missing.length > 0) throw new CryptoError("invalid_input", `this browser holds no key for epoch ${missing.join(", ")}`);
  const grants: GrantWire[] = [];
  for (const epoch of epochs) grants.push(await grantCaseKey({ ...rest, epoch, caseKey: keys(epoch)! }));
  return grants;
}

export type OpenCaseKeyInput = InCase & {
  epoch: EpochWire;
  grant: GrantWire;
  /**
   * Public keys of the members whose signatures count: the current members
   * for the current epoch; for an older epoch (re-encryption only) it may be
   * every known org user. `active` is not consulted: a deactivated member's
   * past grants and epochs stay valid unless the caller leaves them out.
   */
  signers: readonly Signer[];
};

/**
 * The case key for `epoch`, only after every check in the header passes.
 * Throws CryptoError and returns nothing otherwise:
 * - "bad_signature": the grant is not for me or not for this epoch; its signer
 *   or the epoch's creator is not in `signers`; either signature does not verify
 *   (which includes a grant or epoch made for another case, and a replaced sealed key);
 * - "bad_key_check": the opened key is not the one the epoch's creator signed for;
 * - "damaged": a malformed wire field, or a sealed key I cannot open.
 */
export async function openCaseKey({ caseId, epoch, grant, me, signers }: OpenCaseKeyInput): Promise<Uint8Array> {
  assertCaseId(caseId);
  // 1. Addressed to me, for the epoch I asked for (the case is checked by the signatures).
  if (grant.recipientId !== me.userId) throw new CryptoError("bad_signature", "grant is addressed to someone else");
  assertEpochNumber(epoch.epoch);
  if (grant.epoch !== epoch.epoch) throw new CryptoError("bad_signature", "grant is for another epoch");
  // 2. Made and signed by members the caller trusts.
  const grantSignerKeys = trustedSignerKeys(signers, grant.signerId, "grant signer");
  const creatorKeys = trustedSignerKeys(signers, epoch.createdById, "epoch creator");
  const check = decodeWire(epoch.keyCheckValue, "key check value", KEY_CHECK_BYTES);
  const epochSignature = decodeWire(epoch.signature, "epoch signature", SIGNATURE_BYTES);
  const sealedKey = decodeWire(grant.sealedKey, "sealed key");
  const grantSignature = decodeWire(grant.signature, "grant signature", SIGNATURE_BYTES);
  // 3. The check value is the one the epoch's creator signed for this case and epoch.
  await withAnyKey(creatorKeys, (key) => verifyEpoch({ caseId, epoch: epoch.epoch, keyCheckValue: check }, epochSignature, key));
  // 4 and 5. openGrant opens the seal, then checks the grant signature and the
  // check value; on any failure it wipes the key and throws.
  return withAnyKey(grantSignerKeys, (key) =>
    openGrant({
      grant: { caseId, epoch: grant.epoch, recipientId: grant.recipientId, sealedKey },
      signature: grantSignature,
      signerPublicKey: key,
      keyCheckValue: check,
      recipient: { id: me.userId, x25519: me.keys.x25519 },
    }),
  );
}

export type RotateCaseKeyInput = {
  caseId: string;
  /** The new epoch's number: the current epoch + 1. */
  newEpoch: number;
  /** Every member who keeps access. I am always included, sealed to my own key. */
  remaining: readonly MemberKeys[];
  me: UnlockedAccount;
  /** My keybook: every remaining member's keys must be pinned in it. */
  keybook: Keybook;
};

/** A member leaves: a fresh key for `newEpoch`, signed by me, sealed to each remaining member and to me. */
export async function rotateCaseKey({
  caseId,
  newEpoch,
  remaining,
  me,
  keybook,
}: RotateCaseKeyInput): Promise<{ caseKey: Uint8Array; epoch: EpochWire; grants: GrantWire[] }> {
  assertCaseId(caseId);
  assertEpochNumber(newEpoch, 2);
  const ids = remaining.map((m) => m.userId);
  if (new Set(ids).size !== ids.length) throw new CryptoError("invalid_input", "a member is listed twice");
  // Check and decode every key before making one, so a bad entry fails before any key exists.
  for (const member of remaining) if (member.userId !== me.userId) assertPinned(keybook, member);
  const others = remaining
    .filter((m) => m.userId !== me.userId)
    .map((m) => ({ userId: m.userId, boxPublicKey: decodePublicKey(m.boxPublicKey, "recipient's box key") }));
  const caseKey = await newCaseKey();
  try {
    const epoch = await makeEpoch(caseId, newEpoch, caseKey, me);
    const grants = [await makeGrant(caseId, newEpoch, caseKey, me.userId, me.keys.x25519.publicKey, me)];
    for (const member of others) {
      grants.push(await makeGrant(caseId, newEpoch, caseKey, member.userId, member.boxPublicKey, me));
    }
    return { caseKey, epoch, grants };
  } catch (error) {
    wipe(caseKey);
    throw error;
  }
}

/**
 * Opened case keys for one case, by epoch, in memory only. Holds only keys
 * that passed openCaseKey or that this client created; takes ownership of
 * them (wipe() zeroes every one). Callers must not wipe a key they got from it.
 */
export class CaseKeyring {
  readonly #keys = new Map<number, Uint8Array>();
  #authors: ReadonlyMap<number, EpochAuthors> = new Map();

  constructor(readonly caseId: string) {
    assertCaseId(caseId);
  }

  /** Open (and keep) the key for `epoch`; an epoch already held is returned without re-opening. */
  async open(input: Omit<OpenCaseKeyInput, "caseId">): Promise<Uint8Array> {
    const held = this.#keys.get(input.epoch.epoch);
    if (held) return held;
    const key = await openCaseKey({ ...input, caseId: this.caseId });
    this.set(input.epoch.epoch, key);
    return key;
  }

  /** Keep a key this client created (createCaseKeys, rotateCaseKey) or opened. */
  set(epoch: number, caseKey: Uint8Array): void {
    assertEpochNumber(epoch);
    if (!(caseKey instanceof Uint8Array) || caseKey.length !== 32) throw new CryptoError("invalid_input", "caseKey must be 32 bytes");
    const previous = this.#keys.get(epoch);
    if (previous && previous !== caseKey) wipe(previous);
    this.#keys.set(epoch, caseKey);
  }

  get(epoch: number): Uint8Array | undefined {
    return this.#keys.get(epoch);
  }

  /** Who may have signed records of each epoch, from the verified membership chain (openKeyring). */
  trustAuthors(authors: ReadonlyMap<number, EpochAuthors>): void {
    this.#authors = authors;
  }

  /** The authors whose signatures count for a record of `epoch`; none until trustAuthors. */
  authorsAt(epoch: number): EpochAuthors | undefined {
    return this.#authors.get(epoch);
  }

  has(epoch: number): boolean {
    return this.#keys.has(epoch);
  }

  /** Epochs held, ascending. */
  epochs(): number[] {
    return [...this.#keys.keys()].sort((a, b) => a - b);
  }

  /** Zero and forget every key (lock, quick exit, leaving the case). */
  wipe(): void {
    for (const key of this.#keys.values()) wipe(key);
    this.#keys.clear();
  }
}
