import "server-only";
import { hashInvitationToken, newInvitationToken } from "@/lib/account/invitation-token";
import { base64urlOfBytes } from "@/lib/encoding/base64url";

// A calendar feed URL carries its own credential: calendar apps cannot sign
// in. Same scheme as invitation links (256 random bits, base64url; only the
// SHA-256 is stored), so the invitation helpers are reused rather than copied.

/** 32 bytes in base64url, without padding, in its one spelling (what newInvitationToken makes). */
const tokenSchema = base64urlOfBytes(32);

export function newFeedToken(): { token: string; tokenHash: Uint8Array<ArrayBuffer> } {
  return newInvitationToken();
}

export function hashFeedToken(token: string): Uint8Array<ArrayBuffer> {
  return hashInvitationToken(token);
}

/** A malformed token is refused before any lookup (and answered exactly like an unknown one). */
export function isFeedToken(value: string): boolean {
  return tokenSchema.safeParse(value).success;
}
