import "server-only";
import { recordAuditEvent } from "@/lib/audit/actions";
import { ServerBusyError } from "../argon2-gate";
import { verifyAuthKey } from "../authkey-hash";
import type { Actor } from "../policy";
import { parseSecondFactor } from "../recovery-code";
import { BACKOFF_AFTER, accountKey, checkBackoff, clearFailures, recordFailure } from "./backoff";
import { type CheckedFactor, checkSecondFactor, claimSecondFactor } from "./second-factor";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors/app-error";

// A signed-in user proving again who they are before a change that a stolen
// session alone must not allow (passphrase, recovery codes). Invariants:
// - Same back-off as sign-in, on the same per-email counter: a wrong
//   passphrase or code here is a counted failure; during a wait nothing is
//   checked ("rate_limited" with the seconds).
// - One answer for every wrong part ("reauth.wrong"): the caller does not
//   learn which factor was wrong.
// - The second factor is only spent by `claimReauthentication`, inside the
//   caller's change transaction.

export type Reauthentication = { accountKey: string; factor: Exclude<CheckedFactor, { ok: false }> };

/** Argon2 gate full: an AppError the form can show ("busy", with Retry-After). */
export async function withBusyAsAppError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServerBusyError) throw new AppError("unavailable", "busy", error.retryAfterSeconds);
    throw error;
  }
}

export async function reauthenticate(actor: Actor, proof: { authKey: Uint8Array | null; secondFactor: string }, now: Date): Promise<Reauthentication> {
  const db = await getDb();
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: { id: true, email: true, authKeyHash: true, totpSecret: true, totpLastStep: true },
  });
  const key = accountKey(user.email);
  const backoff = await checkBackoff(key, now);
  if (backoff.waiting) throw new AppError("rate_limited", "backoff", backoff.retryAfterSeconds);

  const { authKey } = proof;
  const storedHash = user.authKeyHash;
  const keyMatches = authKey === null || (storedHash !== null && (await withBusyAsAppError(() => verifyAuthKey(storedHash, authKey))));
  const parsed = parseSecondFactor(proof.secondFactor);
  const factor = parsed ? await checkSecondFactor(user, parsed, now) : { ok: false as const };
  if (keyMatches && factor.ok) return { accountKey: key, factor };

  const { failures, waitSeconds } = await recordFailure(key, now);
  await recordAuditEvent({ action: "auth.reauth_failed", actorId: user.id, data: { passphrase: proof.authKey !== null } });
  if (failures === BACKOFF_AFTER) await recordAuditEvent({ action: "auth.backoff_started", actorId: user.id, data: { waitSeconds } });
  throw new AppError("invalid_input", "reauth.wrong");
}

/** Spends the factor and forgets the failures, in the change's transaction; a factor spent meanwhile refuses the change. */
export async function claimReauthentication(tx: Prisma.TransactionClient, userId: string, proof: Reauthentication, now: Date): Promise<void> {
  if (!(await claimSecondFactor(tx, userId, proof.factor, now))) throw new AppError("invalid_input", "reauth.wrong");
  await clearFailures(proof.accountKey, tx);
}
