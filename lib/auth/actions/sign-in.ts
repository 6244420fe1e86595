import "server-only";
import { z } from "zod";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/actions";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { AUTH_KEY_BYTES, DUMMY_AUTH_KEY_HASH, verifyAuthKey } from "../authkey-hash";
import { checkTotp } from "../totp";
import { type RateLimitKeys, checkLocked, clearFailures, rateLimitKeys, recordFailure } from "./rate-limit";
import { createSession } from "./sessions";

// THE SIGN-IN DOOR. Invariants:
// - A wrong email, authKey or TOTP code, a missing second factor, an account
//   without keys and a deactivated account all end the same way: the same
//   SignInError("invalid"), the same queries and the same Argon2id work
//   (a dummy hash stands in for a missing one), one counted failure.
// - Nothing is checked while either counter (account or address) is locked.
// - A TOTP step is claimed with a conditional UPDATE in the success
//   transaction, so two requests with one code cannot both get a session.
// - Audit data holds reason codes only: never the email, the key or the code.
// - Success writes the session, the cleared counter, lastSignInAt and the
//   "auth.sign_in" event in one transaction: all or none.

const signInInputSchema = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  /** 32 bytes, base64url without padding, as the browser's KDF produces it. */
  authKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  totp: z.string().trim().regex(/^\d{6}$/),
  /** The client address as the route handler determined it; only its HMAC is stored. */
  ip: z.string().min(1).max(100).nullable(),
});

export type SignInInput = z.input<typeof signInInputSchema>;

/**
 * Why sign-in failed, as much as the person signing in may know: "invalid"
 * for every wrong email, key, code, missing or deactivated account (never
 * which), "locked" alike for known and unknown emails (counters are kept per
 * email either way). Not an AppError: next-auth's authorize() turns it into
 * the string the browser's signIn() receives.
 */
export type SignInFailure = "invalid" | "locked";

export class SignInError extends Error {
  override readonly name = "SignInError";
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: SignInFailure,
    retryAfterSeconds?: number,
  ) {
    super(
      code === "locked"
        ? `Too many failed attempts. Try again in ${retryAfterSeconds} seconds.`
        : "The email, passphrase or code is not correct.",
    );
    this.retryAfterSeconds = code === "locked" ? retryAfterSeconds : undefined;
  }
}

export type SignInResult = { userId: string; sessionId: string };

/** Valid base32, never anyone's: keeps the code check's cost when there is no real secret. */
const DUMMY_TOTP_SECRET = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function verifySignIn(input: SignInInput, now: Date = new Date()): Promise<SignInResult> {
  const parsed = signInInputSchema.safeParse(input);
  // The form validates with the same rules, so this is a broken or hostile
  // client. It tests no credential, so it is not counted as a failure.
  if (!parsed.success) throw new AppError("invalid_input", "malformed sign-in request");
  const { email, totp, ip } = parsed.data;
  const authKey = new Uint8Array(Buffer.from(parsed.data.authKey, "base64url"));
  if (authKey.length !== AUTH_KEY_BYTES) throw new AppError("invalid_input", "malformed sign-in request");

  const keys = rateLimitKeys({ email, ip });
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, status: true, authKeyHash: true, totpSecret: true, totpLastStep: true },
  });

  const lock = await checkLocked(keys, now);
  if (lock.locked) {
    await recordAuditEvent({ action: "auth.sign_in_failed", actorId: user?.id ?? null, data: { reason: "locked" } });
    throw new SignInError("locked", lock.retryAfterSeconds);
  }

  // Both checks always run, whatever the account's state, so timing tells nothing.
  const keyMatches = await verifyAuthKey(user?.authKeyHash ?? DUMMY_AUTH_KEY_HASH, authKey);
  const code = checkTotp(user?.totpSecret ?? DUMMY_TOTP_SECRET, totp, { lastStep: user?.totpLastStep ?? null, now });
  const eligible = user !== null && user.status === "active" && user.authKeyHash !== null && user.totpSecret !== null;

  if (eligible && keyMatches && code.ok) {
    const sessionId = await completeSignIn(user.id, code.step, keys, now);
    if (sessionId !== null) return { userId: user.id, sessionId };
    // Another request claimed this code first (or the account changed under us).
  }
  return failSignIn(keys, user?.id ?? null, now);
}

/** The success transaction. Null when the TOTP step was already used (replay). */
async function completeSignIn(userId: string, step: number, keys: RateLimitKeys, now: Date): Promise<string | null> {
  const db = await getDb();
  return db.$transaction(async (tx) => {
    // Row-locking conditional UPDATE: a concurrent request with the same code
    // waits, then re-reads totpLastStep and matches nothing.
    const claimed = await tx.user.updateMany({
      where: { id: userId, status: "active", OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step, lastSignInAt: now },
    });
    if (claimed.count !== 1) return null;
    await clearFailures(keys[0], now, tx);
    const sessionId = await createSession(tx, userId, now);
    await appendAuditEvent(tx, { action: "auth.sign_in", actorId: userId });
    return sessionId;
  });
}

async function failSignIn(keys: RateLimitKeys, actorId: string | null, now: Date): Promise<never> {
  const lockedScopes = await recordFailure(keys, now);
  await recordAuditEvent({ action: "auth.sign_in_failed", actorId, data: { reason: "credentials" } });
  if (lockedScopes.length > 0) {
    await recordAuditEvent({
      action: "auth.locked_out",
      actorId,
      data: { account: lockedScopes.includes("account"), ip: lockedScopes.includes("ip") },
    });
  }
  throw new SignInError("invalid");
}
