import "client-only";
import { signIn } from "next-auth/react";
import { decodeSignInFailure, isWait, type SignInFailureCode } from "@/lib/auth/sign-in-failure";
import { unlockAccount } from "@/lib/crypto/account";
import { fromBase64url, toBase64url, wipe } from "@/lib/crypto/encoding";
import { deriveKeysInWorker } from "@/lib/crypto/kdf-client";
import { enrolmentWireSchema, type KeyMaterial } from "./schema";
import { storeUnlocked } from "./vault";

// Zero-knowledge sign-in, in the browser: fetch the salt and parameters,
// derive authKey and wrapKey from the passphrase in a worker, send only
// authKey (with the TOTP code), then open the account's keys with wrapKey.

export type SignInOutcome = { ok: true } | { ok: false; error: SignInFailureCode; retryAfterSeconds?: number };

export async function signInWithPassphrase(
  input: { email: string; passphrase: string; totp: string },
  fetchKeyMaterial: () => Promise<KeyMaterial | null>,
): Promise<SignInOutcome> {
  const response = await fetch("/api/auth/kdf-params", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: input.email }),
  });
  if (!response.ok) return { ok: false, error: response.status === 400 ? "invalid" : "unavailable" };
  const kdf = enrolmentWireSchema.shape.kdf.parse(await response.json());
  const { authKey, wrapKey } = await deriveKeysInWorker(input.passphrase, fromBase64url(kdf.salt), {
    alg: "argon2id13",
    opsLimit: kdf.opsLimit,
    memLimitBytes: kdf.memLimitBytes,
  });
  try {
    const result = await signIn("credentials", { redirect: false, email: input.email, authKey: toBase64url(authKey), totp: input.totp });
    if (!result?.ok) {
      const failure = decodeSignInFailure(result?.error);
      if (isWait(failure.code)) return { ok: false, error: failure.code, retryAfterSeconds: Math.max(1, failure.retryAfterSeconds ?? 1) };
      return { ok: false, error: failure.code };
    }
    const material = await fetchKeyMaterial();
    if (!material) return { ok: false, error: "unavailable" };
    storeUnlocked(await unlockAccount(material.userId, material, wrapKey));
    return { ok: true };
  } finally {
    wipe(authKey, wrapKey);
  }
}
