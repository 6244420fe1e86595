import { createHash, randomBytes } from "node:crypto";
import { RECOVERY_CODE_TOTAL } from "@/lib/account/recovery-code-count";

// TOTP recovery codes: what they look like and how they are stored. Pure.
// Invariants:
// - A code is 80 random bits (16 base32 characters), shown once and stored
//   only as SHA-256("casevault:recovery-code:v1" ‖ user id ‖ code).
// - Why a fast salted hash and not Argon2id: the code is not chosen by a
//   person, so there is no dictionary to try; 2^80 SHA-256 guesses are out of
//   reach even for a thief holding the table, and the user id as salt makes
//   every guess good for one account only. Argon2id per code would cost ten
//   19 MiB hashes per attempt on the sign-in path (the very exhaustion the
//   gate prevents) and would forbid looking a code up by its hash.
// - Why not keyed with the server secret: rotating NEXTAUTH_SECRET would
//   silently void every stored code, and the key adds nothing at 80 bits.

export const RECOVERY_CODE_COUNT = RECOVERY_CODE_TOTAL;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const LENGTH = 16;

/** "ABCD-EFGH-JKLM-NPQR": what the person writes down. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(LENGTH);
  // 256 is a multiple of 32: `b % 32` is uniform.
  const chars = Array.from(bytes, (b) => ALPHABET[b % 32]).join("");
  return chars.match(/.{4}/g)!.join("-");
}

/** Case, spaces and dashes do not matter; anything else that is not base32 makes it no code. */
export function normalizeRecoveryCode(input: string): string | null {
  const plain = input.replace(/[\s-]/g, "").toUpperCase();
  return new RegExp(`^[A-Z2-7]{${LENGTH}}$`).test(plain) ? plain : null;
}

export function hashRecoveryCode(userId: string, normalized: string): string {
  return createHash("sha256").update(`casevault:recovery-code:v1\0${userId}\0${normalized}`, "utf8").digest("hex");
}

/** A six-digit authenticator code, or a recovery code. */
export type SecondFactorInput = { kind: "totp"; code: string } | { kind: "recovery"; normalized: string };

export function parseSecondFactor(input: string): SecondFactorInput | null {
  const trimmed = input.trim();
  if (/^\d{6}$/.test(trimmed)) return { kind: "totp", code: trimmed };
  const normalized = normalizeRecoveryCode(trimmed);
  return normalized ? { kind: "recovery", normalized } : null;
}
