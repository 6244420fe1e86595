/**
 * An account's keys, composed from the primitives (DESIGN.md §2): enrolment,
 * unlocking, and re-wrapping on a passphrase change.
 *
 * Must always hold:
 * - What `enrolAccount` returns in `stored` opens nothing without the
 *   passphrase: salt and parameters, authKey (the server hashes it again),
 *   public keys, the account key wrapped by wrapKey, the private keys sealed
 *   under the account key. wrapKey and the account key never appear in it.
 * - `unlockAccount` either returns the full, consistent key set or throws a
 *   CryptoError ("damaged" for a wrong passphrase: the wrap does not open).
 * - The passphrase KDF is injected: a Web Worker in the browser, the calling
 *   thread in Node (seed scripts, tests).
 */
import { accountKeyAd } from "./ad";
import { fromBase64url, toBase64url, wipe } from "./encoding";
import { newKdfParams, type KdfParams, type SubKeys } from "./kdf";
import { generateUserKeyPairs, openPrivateBundle, sealPrivateBundle, type UserKeyPairs } from "./user-keys";
import { newAccountKey, unwrapKey, wrapKey } from "./wrap-key";

export type DeriveKeys = (salt: Uint8Array, params: KdfParams) => Promise<SubKeys>;

/** Opaque key material as stored on the server (base64url, no padding). */
export type StoredAccountKeys = {
  kdf: { salt: string; opsLimit: number; memLimitBytes: number };
  boxPublicKey: string;
  signPublicKey: string;
  accountKeyWrapped: string;
  privateKeysSealed: string;
};

/** Keys held in browser memory while the account is unlocked. */
export type UnlockedAccount = {
  userId: string;
  accountKey: Uint8Array;
  keys: UserKeyPairs;
};

export async function enrolAccount(
  userId: string,
  derive: DeriveKeys,
): Promise<{ stored: StoredAccountKeys; authKey: string; unlocked: UnlockedAccount }> {
  const { salt, params } = await newKdfParams();
  const { authKey, wrapKey: wrappingKey } = await derive(salt, params);
  try {
    const accountKey = await newAccountKey();
    const keys = await generateUserKeyPairs();
    const stored: StoredAccountKeys = {
      kdf: { salt: toBase64url(salt), opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes },
      boxPublicKey: toBase64url(keys.x25519.publicKey),
      signPublicKey: toBase64url(keys.ed25519.publicKey),
      accountKeyWrapped: toBase64url(await wrapKey(accountKey, wrappingKey, accountKeyAd(userId))),
      privateKeysSealed: toBase64url(await sealPrivateBundle(keys, accountKey, userId)),
    };
    return { stored, authKey: toBase64url(authKey), unlocked: { userId, accountKey, keys } };
  } finally {
    wipe(authKey, wrappingKey);
  }
}

export function kdfParamsOf(stored: Pick<StoredAccountKeys, "kdf">): { salt: Uint8Array; params: KdfParams } {
  return {
    salt: fromBase64url(stored.kdf.salt),
    params: { alg: "argon2id13", opsLimit: stored.kdf.opsLimit, memLimitBytes: stored.kdf.memLimitBytes },
  };
}

/** Opens the account with wrapKey. A wrong passphrase gives CryptoError("damaged"). */
export async function unlockAccount(userId: string, stored: StoredAccountKeys, wrappingKey: Uint8Array): Promise<UnlockedAccount> {
  const accountKey = await unwrapKey(fromBase64url(stored.accountKeyWrapped), wrappingKey, accountKeyAd(userId));
  try {
    const keys = await openPrivateBundle(fromBase64url(stored.privateKeysSealed), accountKey, userId);
    return { userId, accountKey, keys };
  } catch (error) {
    wipe(accountKey);
    throw error;
  }
}

/** A passphrase change: new salt and sub-keys; only the account key is re-wrapped. */
export async function rewrapAccount(
  unlocked: UnlockedAccount,
  derive: DeriveKeys,
): Promise<{ kdf: StoredAccountKeys["kdf"]; accountKeyWrapped: string; authKey: string }> {
  const { salt, params } = await newKdfParams();
  const { authKey, wrapKey: wrappingKey } = await derive(salt, params);
  try {
    return {
      kdf: { salt: toBase64url(salt), opsLimit: params.opsLimit, memLimitBytes: params.memLimitBytes },
      accountKeyWrapped: toBase64url(await wrapKey(unlocked.accountKey, wrappingKey, accountKeyAd(unlocked.userId))),
      authKey: toBase64url(authKey),
    };
  } finally {
    wipe(authKey, wrappingKey);
  }
}

export function wipeAccount(account: UnlockedAccount): void {
  wipe(account.accountKey, account.keys.x25519.privateKey, account.keys.ed25519.privateKey);
}
