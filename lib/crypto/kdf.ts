/**
 * Passphrase → master key (Argon2id13) → authKey and wrapKey.
 *
 * Must always hold:
 * - Argon2id13 via crypto_pwhash, 16-byte per-user salt, parameters stored per
 *   user so they can be raised later without breaking old accounts.
 * - A derivation either returns a real key or throws a CryptoError: if the call
 *   fails (out of memory) → "kdf_failed"; if the output is all zeros (seen in
 *   browsers under memory pressure) → "weak_kdf_output". It never returns zeros.
 * - Sub-keys come from crypto_kdf_derive_from_key with distinct contexts AND
 *   distinct ids: authKey (context "cv-auth_", id 1) is the login secret sent
 *   to the server; wrapKey (context "cv-wrap_", id 2) never leaves the browser.
 *   Knowing one reveals nothing about the other or the master key.
 * - Passphrases are Unicode-normalised to NFC before UTF-8 encoding, so the
 *   same passphrase typed on different systems derives the same keys.
 * - The master key is wiped as soon as the sub-keys exist (deriveKeys).
 */
import { CryptoError } from "./errors";
import { assertLength, isAllZero, utf8Encode, wipe } from "./encoding";
import { loadSodium, type Sodium } from "./sodium";

export type KdfParams = {
  alg: "argon2id13";
  opsLimit: number;
  memLimitBytes: number;
};

export type SubKeys = { authKey: Uint8Array; wrapKey: Uint8Array };

export const SALT_BYTES = 16;
export const MASTER_KEY_BYTES = 32;
export const SUB_KEY_BYTES = 32;
const MiB = 1024 * 1024;

/** What new accounts get (DESIGN.md §2): opslimit 3, memlimit 64 MiB. */
export const DEFAULT_KDF_PARAMS: Readonly<KdfParams> = Object.freeze({
  alg: "argon2id13",
  opsLimit: 3,
  memLimitBytes: 64 * MiB,
});

/**
 * The weakest parameters the browser login path accepts from the server
 * (deriveKeysInWorker). Without it a lying server could serve cheap
 * parameters and brute-force the passphrase from the authKey it receives.
 * Raising DEFAULT_KDF_PARAMS later must not raise this floor above old accounts.
 */
export const MIN_KDF_PARAMS: Readonly<KdfParams> = Object.freeze({
  alg: "argon2id13",
  opsLimit: 3,
  memLimitBytes: 64 * MiB,
});

/** Structural limits for any derivation (tests and seed scripts may go below MIN_KDF_PARAMS). */
const LIMITS = { opsMin: 1, opsMax: 64, memMin: 8 * 1024, memMax: 1024 * MiB } as const;

const AUTH_CONTEXT = "cv-auth_";
const AUTH_SUBKEY_ID = 1;
const WRAP_CONTEXT = "cv-wrap_";
const WRAP_SUBKEY_ID = 2;

/** Validate untrusted parameters (e.g. from the server); returns them typed or throws "invalid_kdf_params". */
export function checkKdfParams(value: unknown): KdfParams {
  if (typeof value !== "object" || value === null) throw new CryptoError("invalid_kdf_params");
  const { alg, opsLimit, memLimitBytes } = value as Record<string, unknown>;
  if (alg !== "argon2id13") throw new CryptoError("invalid_kdf_params", "unsupported KDF algorithm");
  if (typeof opsLimit !== "number" || !Number.isInteger(opsLimit) || opsLimit < LIMITS.opsMin || opsLimit > LIMITS.opsMax) {
    throw new CryptoError("invalid_kdf_params", "opsLimit out of range");
  }
  if (
    typeof memLimitBytes !== "number" ||
    !Number.isInteger(memLimitBytes) ||
    memLimitBytes < LIMITS.memMin ||
    memLimitBytes > LIMITS.memMax
  ) {
    throw new CryptoError("invalid_kdf_params", "memLimitBytes out of range");
  }
  return { alg, opsLimit, memLimitBytes };
}

/** Throws "weak_kdf_params" if `params` are cheaper than `floor` in either dimension. */
export function assertKdfParamsAtLeast(params: KdfParams, floor: KdfParams = MIN_KDF_PARAMS): void {
  if (params.opsLimit < floor.opsLimit || params.memLimitBytes < floor.memLimitBytes) {
    throw new CryptoError("weak_kdf_params", "KDF parameters are below the accepted minimum");
  }
}

/** Parameters and a fresh random salt for a new account or a passphrase change. */
export async function newKdfParams(): Promise<{ salt: Uint8Array; params: KdfParams }> {
  const sodium = await loadSodium();
  return { salt: sodium.randombytes_buf(SALT_BYTES), params: { ...DEFAULT_KDF_PARAMS } };
}

/** NFC-normalised UTF-8 bytes of a passphrase (what Argon2id consumes). */
export function passphraseBytes(passphrase: string): Uint8Array {
  if (typeof passphrase !== "string" || passphrase.length === 0) {
    throw new CryptoError("invalid_input", "passphrase must be a non-empty string");
  }
  return utf8Encode(passphrase.normalize("NFC"));
}

/** Same shape as libsodium's crypto_pwhash; injectable only so tests can simulate a failing browser. */
export type PwhashFn = (
  keyLength: number,
  password: Uint8Array,
  salt: Uint8Array,
  opsLimit: number,
  memLimit: number,
  algorithm: number,
) => Uint8Array;

/**
 * Argon2id13 master key. `passphrase` is a string (normalised here) or bytes
 * from passphraseBytes() (the worker path; the caller owns and wipes them).
 */
export async function deriveMasterKey(
  passphrase: string | Uint8Array,
  salt: Uint8Array,
  params: KdfParams,
  pwhash?: PwhashFn,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const checked = checkKdfParams(params);
  assertLength(salt, SALT_BYTES, "salt");
  const password = typeof passphrase === "string" ? passphraseBytes(passphrase) : passphrase;
  if (!(password instanceof Uint8Array) || password.length === 0) {
    throw new CryptoError("invalid_input", "passphrase must not be empty");
  }
  const argon2id: PwhashFn = pwhash ?? sodium.crypto_pwhash;
  let key: Uint8Array;
  try {
    key = argon2id(
      MASTER_KEY_BYTES,
      password,
      salt,
      checked.opsLimit,
      checked.memLimitBytes,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
  } catch (cause) {
    throw new CryptoError("kdf_failed", "Argon2id failed (out of memory?)", { cause });
  } finally {
    if (typeof passphrase === "string") wipe(password);
  }
  if (!(key instanceof Uint8Array) || key.length !== MASTER_KEY_BYTES) {
    throw new CryptoError("kdf_failed", "Argon2id returned a key of the wrong length");
  }
  if (isAllZero(key)) {
    throw new CryptoError("weak_kdf_output", "Argon2id returned all zeros");
  }
  return key;
}

function subKey(sodium: Sodium, masterKey: Uint8Array, id: number, context: string): Uint8Array {
  return sodium.crypto_kdf_derive_from_key(SUB_KEY_BYTES, id, context, masterKey);
}

export async function deriveSubKeys(masterKey: Uint8Array): Promise<SubKeys> {
  const sodium = await loadSodium();
  assertLength(masterKey, MASTER_KEY_BYTES, "masterKey");
  if (isAllZero(masterKey)) throw new CryptoError("weak_kdf_output", "master key is all zeros");
  return {
    authKey: subKey(sodium, masterKey, AUTH_SUBKEY_ID, AUTH_CONTEXT),
    wrapKey: subKey(sodium, masterKey, WRAP_SUBKEY_ID, WRAP_CONTEXT),
  };
}

/** Passphrase → {authKey, wrapKey}, wiping the master key. Runs on the calling thread (Node, tests, the worker). */
export async function deriveKeys(
  passphrase: string | Uint8Array,
  salt: Uint8Array,
  params: KdfParams,
  pwhash?: PwhashFn,
): Promise<SubKeys> {
  const masterKey = await deriveMasterKey(passphrase, salt, params, pwhash);
  try {
    return await deriveSubKeys(masterKey);
  } finally {
    wipe(masterKey);
  }
}
