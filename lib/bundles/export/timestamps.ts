/**
 * RFC 3161 timestamps on the export side (issue 13 point 5): which stored
 * evidence token goes into the manifest, and the manifest's own token.
 *
 * Must always hold:
 * - A token goes into a bundle only if its message imprint is SHA-256 of
 *   exactly what it is said to stamp (canonical JSON of the statement, or of
 *   the manifest): the exporter never writes a token the verifier would
 *   fail. A stored evidence token that does not match (the server could swap
 *   it) is left out; the manifest's token still covers that statement.
 * - With a TSA configured, no bundle leaves without the manifest's token:
 *   a TSA that is down or answers for another hash fails the export with
 *   BundleExportError("timestamp_unavailable") saying so.
 */
import "client-only";
import { toHex } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { canonicalBytes } from "@/lib/encoding/canonical-json";
import { readTokenClaims } from "../verify/timestamp.mjs";
import { BundleExportError } from "./errors";

async function stampedHex(value: unknown): Promise<string> {
  return toHex(await sha256(canonicalBytes(value)));
}

/** The stored token if it stamps `statement`, else undefined (left out). */
export async function statementToken(statement: unknown, token: string | null | undefined): Promise<string | undefined> {
  if (!token) return undefined;
  const claims = readTokenClaims(token);
  if (!claims || claims.sha256Hex !== (await stampedHex(statement))) return undefined;
  return token;
}

/** The time a token states (ISO), for the index PDF; null if it has none readable. */
export function tokenTime(token: string | undefined): string | null {
  return token ? (readTokenClaims(token)?.time ?? null) : null;
}

/** The manifest's token from `obtain` (null: no TSA configured), checked to stamp this manifest. */
export async function manifestToken(manifest: unknown, obtain: (sha256: Uint8Array) => Promise<string | null>): Promise<string | undefined> {
  const digest = await sha256(canonicalBytes(manifest));
  let token: string | null;
  try {
    token = await obtain(digest);
  } catch (cause) {
    throw new BundleExportError("timestamp_unavailable", "the time-stamping service (TSA_URL) did not give a timestamp for the bundle; try again later", { cause });
  }
  if (token === null) return undefined;
  if (readTokenClaims(token)?.sha256Hex !== toHex(digest)) {
    throw new BundleExportError("timestamp_unavailable", "the time-stamping service returned a timestamp for another hash");
  }
  return token;
}
