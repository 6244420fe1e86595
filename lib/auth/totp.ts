import { HOTP, Secret, TOTP } from "otpauth";

// The mandatory second factor (DESIGN.md §1: credential stuffing). Pure: no
// database, no secrets of the server — the browser uses it at enrolment (it
// makes the secret and checks the first code), the server at sign-in.
// Invariants:
// - Parameters are the authenticator-app defaults (RFC 6238 with SHA-1,
//   6 digits, 30 s), because those are what every app implements.
// - A code is accepted for at most one time step, and only for a step after
//   the last one accepted: the caller stores the returned step and passes it
//   back as `lastStep`, so a code seen over a shoulder or in a log cannot be
//   replayed, nor can an older code from the window.

export const TOTP_ISSUER = "Casevault";
const ALGORITHM = "SHA1";
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** ±1 step: tolerates 30 s of clock skew or a code typed as it rolls over. */
const WINDOW_STEPS = 1;
/** 160 bits, RFC 4226's recommended HMAC-SHA-1 key length. */
const SECRET_BYTES = 20;

const codePattern = /^\d{6}$/;

export type TotpCheck = { ok: true; step: number } | { ok: false };

/** A new random secret, base32 (what authenticator apps and otpauth:// URIs use). */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI an authenticator app scans from a QR code. */
export function totpUri({ secret, account, issuer = TOTP_ISSUER }: { secret: string; account: string; issuer?: string }): string {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  }).toString();
}

/** The time step (RFC 6238 "T") that `now` falls in. */
export function totpStep(now: Date): number {
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: now.getTime() });
}

/**
 * Checks `code` against the steps around `now`, skipping every step at or
 * before `lastStep`. Returns the matching step, which the caller must record
 * (atomically, see sign-in) before treating the code as accepted.
 */
export function checkTotp(secret: string, code: string, { lastStep, now }: { lastStep: number | null; now: Date }): TotpCheck {
  if (!codePattern.test(code)) return { ok: false };
  let key: Secret;
  try {
    key = Secret.fromBase32(secret);
  } catch {
    return { ok: false };
  }
  const current = totpStep(now);
  // Oldest first, as otpauth's own validate does; a step is only tried if it is
  // newer than the last accepted one, so an old code never matches.
  for (let step = current - WINDOW_STEPS; step <= current + WINDOW_STEPS; step++) {
    if (lastStep !== null && step <= lastStep) continue;
    // window 0: exactly this counter; otpauth compares in constant time.
    const delta = HOTP.validate({ token: code, secret: key, algorithm: ALGORITHM, digits: DIGITS, counter: step, window: 0 });
    if (delta === 0) return { ok: true, step };
  }
  return { ok: false };
}
