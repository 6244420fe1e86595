import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { toBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import type { KeyMaterial } from "./schema";

/** The signed-in user's own opaque key blobs, for unlocking in the browser. */
export async function getKeyMaterial(actor: Actor): Promise<KeyMaterial> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: actor.userId } });
  // An account that has not enrolled yet has none of these (null; never empty, the wire refuses that).
  const { kdfSalt, boxPublicKey, signPublicKey, accountKeyWrapped, privateKeysSealed } = user ?? {};
  if (!user || !kdfSalt?.length || !boxPublicKey?.length || !signPublicKey?.length || !accountKeyWrapped?.length || !privateKeysSealed?.length) throw new AppError("not_found");
  if (!user.kdfOpsLimit || !user.kdfMemLimit) throw new AppError("not_found");
  return {
    userId: user.id,
    displayName: user.displayName,
    kdf: { salt: toBase64url(kdfSalt), opsLimit: user.kdfOpsLimit, memLimitBytes: user.kdfMemLimit },
    boxPublicKey: toBase64url(boxPublicKey),
    signPublicKey: toBase64url(signPublicKey),
    accountKeyWrapped: toBase64url(accountKeyWrapped),
    privateKeysSealed: toBase64url(privateKeysSealed),
  };
}

/** What the signed-in shell needs: who is signed in and the organisation's auto-lock time. */
export async function getShellContext(actor: Actor): Promise<{ displayName: string; email: string; autoLockMinutes: number }> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, include: { org: true } });
  return { displayName: user.displayName, email: user.email, autoLockMinutes: user.org.autoLockMinutes };
}

/** How many of the user's recovery codes are still unused (shown on Account). */
export async function countUnusedRecoveryCodes(actor: Actor): Promise<number> {
  const db = await getDb();
  return db.recoveryCode.count({ where: { userId: actor.userId, usedAt: null } });
}
