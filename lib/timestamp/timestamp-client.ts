/**
 * The browser's side of the TSA proxy (POST /api/cases/{caseId}/timestamp):
 * a SHA-256 in, an RFC 3161 token (base64url) out. Only the hash is sent.
 */
import "client-only";
import { toBase64url } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { canonicalBytes } from "@/lib/encoding/canonical-json";
import { ClientError } from "@/lib/errors/client-error";
import type { TimestampAnswer } from "./wire";


/** The token over `digest`; null when the server has no TSA configured. Throws ClientError "timestamp_unavailable" when the TSA failed. */
export async function requestTimestamp(caseId: string, digest: Uint8Array, fetcher: typeof fetch = (...args) => globalThis.fetch(...args)): Promise<string | null> {
  let response: Response;
  try {
    response = await fetcher(`/api/cases/${caseId}/timestamp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: toBase64url(digest) }),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch (cause) {
    throw new ClientError("timestamp_unavailable", "the server could not be reached", { cause });
  }
  if (!response.ok) throw new ClientError("timestamp_unavailable", `the server answered HTTP ${response.status}`);
  const answer = (await response.json().catch(() => null)) as TimestampAnswer | null;
  if (!answer || (answer.token !== null && typeof answer.token !== "string")) throw new ClientError("timestamp_unavailable", "malformed answer");
  return answer.token;
}

/**
 * A token over SHA-256 of canonicalJson(statement) for an upload, or null.
 * Best effort: no TSA configured, or one that is down, gives null and the
 * upload goes on (the bundle's manifest timestamp covers the statement at export).
 */
export async function statementTimestamp(caseId: string, statement: unknown, fetcher?: typeof fetch): Promise<string | null> {
  try {
    return await requestTimestamp(caseId, await sha256(canonicalBytes(statement)), fetcher);
  } catch {
    return null;
  }
}
