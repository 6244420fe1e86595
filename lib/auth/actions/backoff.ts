import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

// Per-account exponential back-off (replaces a fixed 15-minute lock that any
// stranger could trigger again and again). THE POLICY, exactly:
// - Failures are counted per email, for existing and unknown accounts alike.
//   A failure is a wrong passphrase, code or recovery code at sign-in, or a
//   wrong current passphrase or code at passphrase change.
// - The first BACKOFF_AFTER - 1 failures cost nothing. From the
//   BACKOFF_AFTER-th on, no credential for the account is checked for
//   2^(failures - BACKOFF_AFTER) seconds after the latest failure (1 s, 2 s,
//   4 s, …), capped at BACKOFF_MAX_SECONDS (15 min, from the 15th failure).
// - During the wait every attempt, right or wrong, is answered "wait N s"
//   and is NOT counted, so the wait is never extended by hammering: the
//   owner waits at most BACKOFF_MAX_SECONDS after the last counted failure.
// - A successful sign-in (or passphrase change) forgets the failures; so
//   does a day without a failure.
// Invariants: every counted failure is one atomic upsert (instances failing at
// the same instant lose none); no row holds more than the email.

export const BACKOFF_AFTER = 5;
export const BACKOFF_MAX_SECONDS = 15 * 60;
export const FAILURE_MEMORY_MS = 24 * 60 * 60 * 1000;

export type BackoffState = { waiting: false } | { waiting: true; retryAfterSeconds: number };

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

/** The wait after the n-th consecutive failure, in seconds. */
export function backoffSeconds(failures: number): number {
  if (failures < BACKOFF_AFTER) return 0;
  return Math.min(BACKOFF_MAX_SECONDS, 2 ** (failures - BACKOFF_AFTER));
}

export async function checkBackoff(key: string, now: Date): Promise<BackoffState> {
  const db = await getDb();
  const row = await db.signInBackoff.findUnique({ where: { key }, select: { waitUntil: true } });
  const until = row?.waitUntil?.getTime() ?? 0;
  if (until <= now.getTime()) return { waiting: false };
  return { waiting: true, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
}

/** Counts one failure; returns the failure count and the wait it starts (0: none). */
export async function recordFailure(key: string, now: Date): Promise<{ failures: number; waitSeconds: number }> {
  const db = await getDb();
  const forgetBefore = new Date(now.getTime() - FAILURE_MEMORY_MS);
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInBackoff" ("key", "failures", "lastFailureAt", "waitUntil")
    VALUES (${key}, 1, ${now}::timestamp(3), NULL)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "SignInBackoff"."lastFailureAt" <= ${forgetBefore}::timestamp(3) THEN 1 ELSE "SignInBackoff"."failures" + 1 END,
      "lastFailureAt" = GREATEST("SignInBackoff"."lastFailureAt", ${now}::timestamp(3))
    RETURNING "failures"`;
  const failures = rows[0]?.failures ?? 1;
  const waitSeconds = backoffSeconds(failures);
  if (waitSeconds > 0) {
    const until = new Date(now.getTime() + waitSeconds * 1000);
    // Never shortens a wait another instance has just set.
    await db.$executeRaw`
      UPDATE "SignInBackoff" SET "waitUntil" = GREATEST(COALESCE("waitUntil", ${until}::timestamp(3)), ${until}::timestamp(3))
      WHERE "key" = ${key}`;
  }
  return { failures, waitSeconds };
}

/** After a success: forget the account's failures (in the success transaction). */
export async function clearFailures(key: string, client?: Prisma.TransactionClient): Promise<void> {
  const db = client ?? (await getDb());
  await db.signInBackoff.deleteMany({ where: { key } });
}
