import "server-only";
import { getDb } from "@/lib/db/client";
import { toBase64url } from "@/lib/encoding/base64url";
import { hmacWithServerSecret } from "../server-secret";

// What the browser needs before it can derive keys from a passphrase
// (DESIGN.md §2). Invariant: the answer does not tell whether an account
// exists. An unknown email gets a fake salt that is stable (asking twice gives
// the same answer, as for a real account) and unpredictable without the
// server secret, with the default parameters; both paths run the same code
// and the same single query.
// Limit: an account whose parameters were raised above the defaults is
// distinguishable from an unknown email by its parameters.

/** Must match DEFAULT_KDF_PARAMS in lib/crypto/kdf.ts (server code may not import it). */
export const DEFAULT_KDF_OPS_LIMIT = 3;
export const DEFAULT_KDF_MEM_LIMIT = 64 * 1024 * 1024; // 67108864 bytes
export const KDF_SALT_BYTES = 16;

export type KdfParams = { salt: string; opsLimit: number; memLimitBytes: number };

export async function getKdfParams(email: string): Promise<KdfParams> {
  const normalized = email.trim().toLowerCase();
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { email: normalized },
    select: { kdfSalt: true, kdfOpsLimit: true, kdfMemLimit: true },
  });
  // Computed on every call, used or not, so both answers cost the same.
  const fakeSalt = hmacWithServerSecret(`kdf-salt:${normalized}`).subarray(0, KDF_SALT_BYTES);
  const { kdfSalt, kdfOpsLimit, kdfMemLimit } = user ?? { kdfSalt: null, kdfOpsLimit: null, kdfMemLimit: null };
  if (kdfSalt !== null && kdfOpsLimit !== null && kdfMemLimit !== null) {
    return { salt: toBase64url(kdfSalt), opsLimit: kdfOpsLimit, memLimitBytes: kdfMemLimit };
  }
  return { salt: toBase64url(fakeSalt), opsLimit: DEFAULT_KDF_OPS_LIMIT, memLimitBytes: DEFAULT_KDF_MEM_LIMIT };
}
