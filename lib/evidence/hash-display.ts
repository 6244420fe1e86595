import "client-only";
import { fromBase64url, toHex } from "@/lib/crypto/encoding";

/**
 * A SHA-256 as people compare it: lowercase hex (what `sha256sum` and
 * `Get-FileHash` print), in blocks of four so two screens can be read
 * against each other aloud. The records keep it as base64url.
 */
export function sha256Blocks(base64url: string): string[] {
  const bytes = fromBase64url(base64url);
  if (bytes.length !== 32) throw new RangeError("a SHA-256 is 32 bytes");
  return toHex(bytes).match(/.{4}/g) ?? [];
}
