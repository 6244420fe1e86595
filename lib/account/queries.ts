import "server-only";
import type { Actor } from "@/lib/auth/policy";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { KeyMaterial } from "./schema";

const b64 = (bytes: Uint8Array | null) => (bytes ? Buffer.from(bytes).toString("base64url") : null);

/** The signed-in user's own opaque key blobs, for unlocking in the browser. */
export async function getKeyMaterial(actor: Actor): Promise<KeyMaterial> {
  const db = await getDb();
  const user = await db.user.findUnique({ where: { id: actor.userId } });
  const salt = b64(user?.kdfSalt ?? null);
  const box = b64(user?.boxPublicKey ?? null);
  const sign = b64(user?.signPublicKey ?? null);
  const wrapped = b64(user?.accountKeyWrapped ?? null);
  const sealed = b64(user?.privateKeysSealed ?? null);
  if (!user || !salt || !box || !sign || !wrapped || !sealed || !user.kdfOpsLimit || !user.kdfMemLimit) throw new AppError("not_found");
  return {
    userId: user.id,
    displayName: user.displayName,
    kdf: { salt, opsLimit: user.kdfOpsLimit, memLimitBytes: user.kdfMemLimit },
    boxPublicKey: box,
    signPublicKey: sign,
    accountKeyWrapped: wrapped,
    privateKeysSealed: sealed,
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
