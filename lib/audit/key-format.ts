// The audit key's text form, shared by lib/env.ts (validation) and key.ts.
// Pure: no file or environment access, so env.ts can import it.

const KEY_BYTES = 32;

/** Decodes AUDIT_KEY or the key file: base64 or base64url of exactly 32 bytes, else null. */
export function decodeAuditKey(text: string): Uint8Array | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed, "base64");
  return bytes.length === KEY_BYTES ? new Uint8Array(bytes) : null;
}
