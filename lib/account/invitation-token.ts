import "server-only";
import { createHash, randomBytes } from "node:crypto";

// Invitation links carry 256 random bits; the database keeps only their
// SHA-256, so a database dump cannot be turned into working links.

export const INVITATION_TTL_DAYS = 7;

export function newInvitationToken(): { token: string; tokenHash: Uint8Array<ArrayBuffer> } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export function hashInvitationToken(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 3600 * 1000);
}
