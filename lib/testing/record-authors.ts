/**
 * For tests that open signed records without a server (no membership chain):
 * the authors a verified chain would list, straight from the accounts.
 */
import type { EpochAuthors } from "@/lib/cases/record-signature";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";

export function authorsFor(...accounts: UnlockedAccount[]): EpochAuthors {
  return new Map(accounts.map((a) => [a.userId, new Set([toBase64url(a.keys.ed25519.publicKey)])]));
}

/** The same authors for each of `epochs`, as CaseKeyring.trustAuthors takes them. */
export function authorsByEpoch(epochs: readonly number[], ...accounts: UnlockedAccount[]): Map<number, EpochAuthors> {
  return new Map(epochs.map((epoch) => [epoch, authorsFor(...accounts)]));
}
