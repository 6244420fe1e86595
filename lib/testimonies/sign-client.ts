/**
 * Signing and verifying testimony versions in the browser (DESIGN.md §2).
 *
 * Must always hold:
 * - The author signs, with their Ed25519 key, the canonical JSON of
 *   versionStatement(place, content) (digest.ts). The signature therefore
 *   covers the content (through its SHA-256), the testimony, case, version
 *   number, author and signing time.
 * - verifyTestimonyVersion rebuilds the statement from the record it is given
 *   — its own ids, version, author, time and decrypted content — and returns
 *   only if the signature checks out under `publicKey`. A changed content, a
 *   signature moved to another version/testimony/case/author, a malformed
 *   signature or another key all throw CryptoError("bad_signature").
 * - Which public key belongs to the author is the caller's decision (the
 *   author's current key, or a former key for versions signed before a reset).
 */
import "client-only";
import { fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { CryptoError } from "@/lib/crypto/errors";
import { signCanonical, verifyCanonical } from "@/lib/crypto/signatures";
import { versionStatement, type TestimonyVersionStatement, type VersionPlace } from "./digest";

export type SignedTestimonyVersion = {
  statement: TestimonyVersionStatement;
  /** Ed25519 detached signature, base64url without padding (86 characters). */
  signature: string;
};

export async function signTestimonyVersion(place: VersionPlace, content: unknown, ed25519PrivateKey: Uint8Array): Promise<SignedTestimonyVersion> {
  const statement = await versionStatement(place, content);
  const signature = await signCanonical(statement, ed25519PrivateKey);
  return { statement, signature: toBase64url(signature) };
}

/** Returns the verified statement; throws CryptoError("bad_signature") otherwise. */
export async function verifyTestimonyVersion(
  place: VersionPlace,
  content: unknown,
  signature: string,
  ed25519PublicKey: Uint8Array,
): Promise<TestimonyVersionStatement> {
  let statement: TestimonyVersionStatement;
  let signatureBytes: Uint8Array;
  try {
    statement = await versionStatement(place, content);
    signatureBytes = fromBase64url(signature);
  } catch (cause) {
    throw new CryptoError("bad_signature", "testimony version cannot be verified", { cause });
  }
  await verifyCanonical(statement, signatureBytes, ed25519PublicKey);
  return statement;
}
