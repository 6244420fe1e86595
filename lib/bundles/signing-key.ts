/**
 * Which key signed a statement, as a bundle names it (issue 13 point 4).
 *
 * Must always hold:
 * - Only keys this browser trusts for that person (`signers`, the keybook's
 *   decision: lib/trust/trusted-signers.ts) are tried, never the server's list
 *   of former keys. A key the person has since replaced is tried only for a
 *   statement dated inside its window, and is named with that window
 *   (`retiredUntil`), which the verifier applies.
 * - The key returned verifies the signature: a statement signed before an
 *   admin reset is exported with the key that signed it, not the person's
 *   current one.
 */
import "client-only";
import { signerValidAt, type Signer } from "@/lib/cases/schema";
import { fromBase64url } from "@/lib/crypto/encoding";
import { verifyCanonical } from "@/lib/crypto/signatures";
import type { BundleSigner } from "./manifest";

export async function signingKeyOf(
  statement: { signedAt: string },
  signature: string,
  person: { userId: string; displayName: string },
  signers: readonly Signer[],
): Promise<BundleSigner | null> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64url(signature);
  } catch {
    return null;
  }
  for (const signer of signers) {
    if (signer.userId !== person.userId || !signer.boxPublicKey || !signerValidAt(signer, statement.signedAt)) continue;
    try {
      await verifyCanonical(statement, bytes, fromBase64url(signer.signPublicKey));
    } catch {
      continue;
    }
    return {
      userId: person.userId,
      displayName: person.displayName,
      signPublicKey: signer.signPublicKey,
      boxPublicKey: signer.boxPublicKey,
      ...(signer.until ? { retiredUntil: signer.until } : {}),
    };
  }
  return null;
}
