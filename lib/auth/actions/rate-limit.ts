import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { hmacWithServerSecret } from "../server-secret";

// Failed sign-in counters (DESIGN.md §1 brute force, §7 shared by every
// instance). Invariants:
// - Every failure is counted, even when instances fail at the same instant:
//   one atomic INSERT … ON CONFLICT DO UPDATE per key, no read-then-write.
// - Exactly one failure reports a given lockout (the one that reached the
//   limit), so "auth.locked_out" is written once.
// - An active lock is never extended by further failures, so a stranger
//   cannot keep an account locked past one period by hammering it.
// - No raw IP address is stored: only an HMAC under the server secret.

/** Failures are counted in fixed windows of this length. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Per account: 5 wrong tries in 15 min is well past typos; an online guesser gets ~480 a day. */
export const ACCOUNT_MAX_FAILURES = 5;
export const ACCOUNT_LOCK_MS = 15 * 60 * 1000;
/** Per address: higher, because an office or a shelter may share one address. */
export const IP_MAX_FAILURES = 20;
export const IP_LOCK_MS = 15 * 60 * 1000;

export type LockScope = "account" | "ip";
export type RateLimitKeys = readonly [account: string, ...ip: string[]];
export type LockState = { locked: false } | { locked: true; retryAfterSeconds: number };

const limits: Record<LockScope, { maxFailures: number; lockMs: number }> = {
  account: { maxFailures: ACCOUNT_MAX_FAILURES, lockMs: ACCOUNT_LOCK_MS },
  ip: { maxFailures: IP_MAX_FAILURES, lockMs: IP_LOCK_MS },
};

function scopeOf(key: string): LockScope {
  if (key.startsWith("account:")) return "account";
  if (key.startsWith("ip:")) return "ip";
  throw new Error(`not a rate-limit key: ${key.slice(0, 8)}…`);
}

/** The counters one sign-in attempt touches: its account and its address. */
/** `ip` is null when the client address is unknown (no trusted proxy): then only the account is limited, since one shared bucket would let anyone lock everyone out. */
export function rateLimitKeys({ email, ip }: { email: string; ip: string | null }): RateLimitKeys {
  const account = `account:${email.trim().toLowerCase()}`;
  return ip ? [account, `ip:${hmacWithServerSecret(`rate-limit-ip:${ip}`).toString("hex")}`] : [account];
}

export async function checkLocked(keys: readonly string[], now: Date): Promise<LockState> {
  const db = await getDb();
  const rows = await db.rateLimit.findMany({
    where: { key: { in: [...keys] }, lockedUntil: { gt: now } },
    select: { lockedUntil: true },
  });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  if (until <= now.getTime()) return { locked: false };
  return { locked: true, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
}

/**
 * Counts one failure against every key. Returns the scopes this very failure
 * locked (empty when it locked nothing new).
 */
export async function recordFailure(keys: readonly string[], now: Date): Promise<LockScope[]> {
  const db = await getDb();
  const locked: LockScope[] = [];
  for (const key of keys) {
    const scope = scopeOf(key);
    const { maxFailures, lockMs } = limits[scope];
    const windowCutoff = new Date(now.getTime() - FAILURE_WINDOW_MS);
    const lockEnd = new Date(now.getTime() + lockMs);
    // In ON CONFLICT's SET every "RateLimit".column is the OLD value, so the
    // "stale" test is spelled out in each assignment. A row is stale (start a
    // new window at 1) when no lock is active and either its window is over
    // or a previous lock has expired.
    const rows = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO "RateLimit" ("key", "windowStart", "failures", "lockedUntil")
      VALUES (${key}, ${now}, 1, CASE WHEN 1 >= ${maxFailures} THEN ${lockEnd}::timestamp(3) END)
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE
          WHEN COALESCE("RateLimit"."lockedUntil" > ${now}, false) THEN "RateLimit"."failures" + 1
          WHEN "RateLimit"."windowStart" <= ${windowCutoff} OR "RateLimit"."lockedUntil" IS NOT NULL THEN 1
          ELSE "RateLimit"."failures" + 1
        END,
        "windowStart" = CASE
          WHEN COALESCE("RateLimit"."lockedUntil" > ${now}, false) THEN "RateLimit"."windowStart"
          WHEN "RateLimit"."windowStart" <= ${windowCutoff} OR "RateLimit"."lockedUntil" IS NOT NULL THEN ${now}::timestamp(3)
          ELSE "RateLimit"."windowStart"
        END,
        "lockedUntil" = CASE
          WHEN COALESCE("RateLimit"."lockedUntil" > ${now}, false) THEN "RateLimit"."lockedUntil"
          WHEN "RateLimit"."windowStart" <= ${windowCutoff} OR "RateLimit"."lockedUntil" IS NOT NULL
            THEN CASE WHEN 1 >= ${maxFailures} THEN ${lockEnd}::timestamp(3) END
          WHEN "RateLimit"."failures" + 1 >= ${maxFailures} THEN ${lockEnd}::timestamp(3)
          ELSE NULL
        END
      RETURNING "failures"`;
    // Row locks serialise concurrent upserts of one key, so exactly one of
    // them sees the count reach the limit.
    if (rows[0]?.failures === maxFailures) locked.push(scope);
  }
  return locked;
}

/**
 * After a successful sign-in: forget the account's failures (never the
 * address's, or one valid account would reset the counter for guessing
 * others). An active lock stays.
 */
export async function clearFailures(accountKey: string, now: Date, client?: Prisma.TransactionClient): Promise<void> {
  if (scopeOf(accountKey) !== "account") throw new Error("clearFailures takes an account key");
  const db = client ?? (await getDb());
  await db.rateLimit.deleteMany({
    where: { key: accountKey, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
  });
}
