import "client-only";
import { enrolAccount, wipeAccount } from "@/lib/crypto/account";
import { deriveKeysInWorker } from "@/lib/crypto/kdf-client";
import type { EnrolmentWire } from "./schema";

/** Generates an account's keys in the browser and returns only what the server may store. */
export async function buildEnrolment(input: { userId: string; passphrase: string; totpSecret: string; totpCode: string }): Promise<EnrolmentWire> {
  const { stored, authKey, unlocked } = await enrolAccount(input.userId, (salt, params) => deriveKeysInWorker(input.passphrase, salt, params));
  // The new account signs in next; its keys are opened again then.
  wipeAccount(unlocked);
  return { userId: input.userId, ...stored, authKey, totpSecret: input.totpSecret, totpCode: input.totpCode };
}
