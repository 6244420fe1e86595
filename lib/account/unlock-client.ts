import "client-only";
import { kdfParamsOf, unlockAccount, type UnlockedAccount } from "@/lib/crypto/account";
import { wipe } from "@/lib/crypto/encoding";
import { deriveKeysInWorker } from "@/lib/crypto/kdf-client";
import type { KeyMaterial } from "./schema";

/** Derives wrapKey from the passphrase (in a worker) and opens the account; CryptoError("damaged") means a wrong passphrase. */
export async function unlockWithPassphrase(passphrase: string, material: KeyMaterial): Promise<UnlockedAccount> {
  const { salt, params } = kdfParamsOf(material);
  const { authKey, wrapKey } = await deriveKeysInWorker(passphrase, salt, params);
  try {
    return await unlockAccount(material.userId, material, wrapKey);
  } finally {
    wipe(authKey, wrapKey);
  }
}

