import "server-only";
import { z } from "zod";
import { appendAuditEvent, recordAuditEvent } from "@/lib/audit/actions";
import { getDb } from "@/lib/db/client";
import { base64urlOfBytes, fromBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import { ServerBusyError } from "../argon2-gate";
import { AUTH_KEY_BYTES, DUMMY_AUTH_KEY_HASH, verifyAuthKey } from "../authkey-hash";
import { parseSecondFactor } from "../recovery-code";
import { addressKey, returnAddressToken, takeAddressToken } from "./address-bucket";
import { BACKOFF_AFTER, accountKey, checkBackoff, clearFailures, recordFailure } from "./backoff";
import { type CheckedFactor, checkSecondFactor, claimSecondFactor } from "./second-factor";
import { createSession } from "../session-store";

// THE SIGN-IN DOOR. Invariants:
// - In this order, each refusal before any Argon2id work: a malformed request;
//   an address whose bucket is empty ("throttled"); an account in back-off
//   ("backoff", for unknown emails alike); a full Argon2 gate ("busy").
// - A wrong email, authKey, TOTP or recovery code, an account without keys
//   and a deactivated account all end the same way: the same
//   SignInError("invalid"), the same queries and the same Argon2id work
//   (a dummy hash stands in for a missing one), one counted failure.
// - A second factor is claimed with a conditional UPDATE in the success
//   transaction, so two requests with one code cannot both get a session.
// - Audit data holds reason codes and ids only: never the email, the key,
//   the code or the address.
// - Success writes the session, the cleared back-off, lastSignInAt and the
//   "auth.sign_in" event in one transaction: all or none.

const signInInputSchema = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  /** 32 bytes, base64url without padding, as the browser's KDF produces it. */
  authKey: base64urlOfBytes(AUTH_KEY_BYTES),
  /** Six digits from the authenticator, or a recovery code. */
  totp: z.string().trim().min(6).max(40),
  /** The client address (lib/security/client-address.ts); only its HMAC is stored. Null: unknown. */
  ip: z.string().min(1).max(100).nullable(),
});

export type SignInInput = z.input<typeof signInInputSchema>;

/**
 * Why sign-in failed, as much as the person signing in may know: "invalid"
 * for every wrong email, key, code, missing or deactivated account (never
 * which); "backoff" alike for known and unknown emails; "throttled" for the
 * address; "busy" when the server has no Argon2id capacity right now.
 * Not an AppError: next-auth's authorize() turns it into the string the
 * browser's signIn() receives.
 */
export type SignInFailure = "invalid" | "backoff" | "throttled" | "busy";

const messages: Record<SignInFailure, (s: number | undefined) => string> = {
  invalid: () => "The email, passphrase or code is not correct.",
  backoff: (s) => `Too many failed attempts for this account. Wait ${s} seconds.`,
  throttled: (s) => `Too many attempts from this address. Try again in ${s} seconds.`,
  busy: () => "The server is busy, try again in a moment.",
};

export class SignInError extends Error {
  override readonly name = "SignInError";
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: SignInFailure,
    retryAfterSeconds?: number,
  ) {
    super(messages[code](retryAfterSeconds));
    this.retryAfterSeconds = code === "invalid" ? undefined : retryAfterSeconds;
  }
}

export type SignInResult = { userId: string; sessionId: string };

export async function verifySignIn(input: SignInInput, now: Date = new Date()): Promise<SignInResult> {
  const parsed = signInInputSchema.safeParse(input);
  // The form validates with the same rules, so this is a broken or hostile
  // client. It tests no credential, so it is not counted as a failure.
  if (!parsed.success) throw new AppError("invalid_input", "malformed sign-in request");
  const { email, ip } = parsed.data;
  const factor = parseSecondFactor(parsed.data.totp);
  const authKey = fromBase64url(parsed.data.authKey);
  if (!factor || authKey.length !== AUTH_KEY_BYTES) throw new AppError("invalid_input", "malformed sign-in request");

  const account = accountKey(email);
  const address = ip ? addressKey(ip) : null;
  if (address) {
    const token = await takeAddressToken(address, now);
    if (!token.ok) throw new SignInError("throttled", token.retryAfterSeconds);
  }

  const db = await getDb();
  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, status: true, authKeyHash: true, totpSecret: true, totpLastStep: true },
  });

  const backoff = await checkBackoff(account, now);
  if (backoff.waiting) {
    await recordAuditEvent({ action: "auth.sign_in_failed", actorId: user?.id ?? null, data: { reason: "backoff" } });
    throw new SignInError("backoff", backoff.retryAfterSeconds);
  }

  // Both checks always run, whatever the account's state, so timing tells nothing.
  let keyMatches: boolean;
  try {
    keyMatches = await verifyAuthKey(user?.authKeyHash ?? DUMMY_AUTH_KEY_HASH, authKey);
  } catch (error) {
    // No credential was tested: the token goes back, nothing is counted.
    if (error instanceof ServerBusyError) {
      if (address) await returnAddressToken(address);
      throw new SignInError("busy", error.retryAfterSeconds);
    }
    throw error;
  }
  const code = await checkSecondFactor(user, factor, now);
  const eligible = user !== null && user.status === "active" && user.authKeyHash !== null && user.totpSecret !== null;

  if (eligible && keyMatches && code.ok) {
    const sessionId = await completeSignIn(user.id, code, account, now);
    if (sessionId !== null) {
      if (address) await returnAddressToken(address);
      return { userId: user.id, sessionId };
    }
    // Another request claimed this code first (or the account changed under us).
  }
  return failSignIn(account, user?.id ?? null, now);
}

/** The success transaction. Null when the second factor was already spent (replay). */
async function completeSignIn(userId: string, factor: Exclude<CheckedFactor, { ok: false }>, account: string, now: Date): Promise<string | null> {
  const db = await getDb();
  return db
    .$transaction(async (tx) => {
      const active = await tx.user.updateMany({ where: { id: userId, status: "active" }, data: { lastSignInAt: now } });
      if (active.count !== 1) throw new FactorSpent();
      // Row-locking conditional UPDATE: a concurrent request with the same
      // code waits, then re-reads and matches nothing. Throwing rolls back.
      if (!(await claimSecondFactor(tx, userId, factor, now))) throw new FactorSpent();
      await clearFailures(account, tx);
      const sessionId = await createSession(tx, userId, now);
      await appendAuditEvent(tx, { action: "auth.sign_in", actorId: userId, data: { factor: factor.kind } });
      return sessionId;
    })
    .catch((error: unknown) => {
      if (error instanceof FactorSpent) return null;
      throw error;
    });
}

class FactorSpent extends Error {}

async function failSignIn(account: string, actorId: string | null, now: Date): Promise<never> {
  const { failures, waitSeconds } = await recordFailure(account, now);
  await recordAuditEvent({ action: "auth.sign_in_failed", actorId, data: { reason: "credentials" } });
  if (failures === BACKOFF_AFTER) {
    await recordAuditEvent({ action: "auth.backoff_started", actorId, data: { waitSeconds } });
  }
  throw new SignInError("invalid");
}
