/**
 * The TSA proxy's work, behind the policy door (app/api/cases/[caseId]/timestamp):
 * validate the hash, ask the configured TSA, answer the token.
 *
 * Must always hold:
 * - Only a SHA-256 (32 bytes) is accepted and sent: nothing else about the
 *   case reaches the TSA. The token reveals nothing the server could not
 *   already check: the uploader's signature over the same statement is
 *   stored beside it.
 * - No TSA configured: { token: null }, never an error (uploads and exports
 *   work as without timestamps). A TSA that fails: AppError("unavailable",
 *   "timestamp.unavailable") — 503 with a reason the browser shows.
 */
import "server-only";
import { fromBase64url, toBase64url } from "@/lib/encoding/base64url";
import { AppError } from "@/lib/errors/app-error";
import { parseWire } from "@/lib/http/request";
import { tsaUrl } from "./config";
import { TsaError, requestTimestamp } from "./tsa-client";
import { timestampWireSchema, type TimestampAnswer } from "./wire";

export async function obtainTimestamp(body: unknown): Promise<TimestampAnswer> {
  const { sha256 } = parseWire(timestampWireSchema, body);
  const url = tsaUrl();
  if (!url) return { token: null };
  try {
    return { token: toBase64url(await requestTimestamp(url, fromBase64url(sha256))) };
  } catch (error) {
    if (!(error instanceof TsaError)) throw error;
    // The cause names the TSA's failure, never data: the hash is not in it.
    console.warn(`[casevault] timestamp not obtained: ${error.message}`);
    throw new AppError("unavailable", "timestamp.unavailable");
  }
}
