import "client-only";
import { kdfParamsOf, rewrapAccount } from "@/lib/crypto/account";
import { toBase64url, wipe } from "@/lib/crypto/encoding";
import { deriveKeysInWorker } from "@/lib/crypto/kdf-client";
import type { ChangePassphraseWire, KeyMaterial } from "./schema";
import { currentAccount } from "./vault";

/**
 * Proves the current passphrase (its authKey), passes the second factor on, and re-wraps the account key
 * under the new one. Nothing else changes: the key pairs and every case key
 * grant stay as they are.
 */
export async function buildPassphraseChange(material: KeyMaterial, current: string, next: string, secondFactor: string): Promise<ChangePassphraseWire> {
  const account = currentAccount();
  if (!account) throw new Error("locked");
  const { salt, params } = kdfParamsOf(material);
  const old = await deriveKeysInWorker(current, salt, params);
  try {
    const changed = await rewrapAccount(account, (newSalt, newParams) => deriveKeysInWorker(next, newSalt, newParams));
    return { currentAuthKey: toBase64url(old.authKey), secondFactor, ...changed };
  } finally {
    wipe(old.authKey, old.wrapKey);
  }
}
