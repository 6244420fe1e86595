import { Secret, TOTP } from "otpauth";

// Authenticator codes for test users. The server refuses a code whose time
// step was already used, so each user's codes move forward: the current step,
// else the next one (the server accepts ±1 step), else wait for time to pass.

const lastStep = new Map<string, number>();

/**
 * A fresh copy of a seeded database has spent no codes: its people may use the
 * current step again (specs copy one demo template, so they share secrets).
 */
export function forgetSpentCodes(): void {
  lastStep.clear();
}

export async function nextCode(secret: string): Promise<string> {
  const clean = secret.replace(/\s+/g, "");
  for (;;) {
    const now = Math.floor(Date.now() / 30_000);
    const used = lastStep.get(clean) ?? -1;
    const step = Math.max(now, used + 1);
    if (step <= now + 1) {
      lastStep.set(clean, step);
      return new TOTP({ secret: Secret.fromBase32(clean), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: step * 30_000 });
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * A valid code for an attempt that will fail for another reason (wrong
 * passphrase, deactivated account): the server spends a step only on success,
 * so this one is not marked as used.
 */
export function unspentCode(secret: string): string {
  const clean = secret.replace(/\s+/g, "");
  const step = Math.max(Math.floor(Date.now() / 30_000), (lastStep.get(clean) ?? -1) + 1);
  return new TOTP({ secret: Secret.fromBase32(clean), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: step * 30_000 });
}

/** A code that is certainly wrong for this secret right now. */
export function wrongCode(secret: string): string {
  const clean = secret.replace(/\s+/g, "");
  const totp = new TOTP({ secret: Secret.fromBase32(clean), digits: 6, period: 30, algorithm: "SHA1" });
  const valid = new Set([-1, 0, 1].map((d) => totp.generate({ timestamp: Date.now() + d * 30_000 })));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!valid.has(code)) return code;
  }
}
