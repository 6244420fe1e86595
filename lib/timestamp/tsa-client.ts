/**
 * Asking an RFC 3161 time-stamping authority for a token over one SHA-256
 * (issue 13 point 5). The server does this for the browser because the
 * browser's CSP allows no other origin; only the hash leaves.
 *
 * Must always hold:
 * - The request carries a fresh random nonce and asks for the TSA's
 *   certificate; the answer counts only if its status is granted, it holds
 *   a token, the token's imprint is SHA-256 of exactly this hash, and its
 *   nonce is ours (a replayed or mixed-up answer is refused).
 * - Bounded: a timeout, no redirects, and the answer read up to a cap; a
 *   TSA that is slow, down or answers garbage is a TsaError, never a hang.
 * - pkijs builds and parses every structure (no hand-written ASN.1).
 */
import "server-only";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { readCapped } from "@/lib/http/request";
import { TIMESTAMP_TOKEN_MAX_BYTES, parseToken, tokenClaims } from "@/lib/bundles/verify/timestamp.mjs";

const SHA256 = "2.16.840.1.101.3.4.2.1";
const TIMEOUT_MS = 10_000;

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

export class TsaError extends Error {
  override readonly name = "TsaError";
}

/** 16 random bytes with the top bit clear and the first byte non-zero: an INTEGER whose DER is exactly these bytes. */
function newNonce(): Uint8Array<ArrayBuffer> {
  const nonce = new Uint8Array(16);
  crypto.getRandomValues(nonce);
  nonce[0] = (nonce[0]! & 0x7f) | 0x01;
  return nonce;
}

function requestBytes(digest: Uint8Array, nonce: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SHA256, algorithmParams: new asn1js.Null() }),
      hashedMessage: new asn1js.OctetString({ valueHex: digest.slice().buffer }),
    }),
    nonce: new asn1js.Integer({ valueHex: nonce.buffer }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER());
}

/** The token inside a TimeStampResp, checked against what we asked for. */
function tokenOf(reply: Uint8Array, digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(reply.slice().buffer);
  } catch {
    throw new TsaError("the TSA's answer is not a TimeStampResp");
  }
  // 0 granted, 1 grantedWithMods; anything else is a refusal.
  if (response.status.status > 1 || !response.timeStampToken) throw new TsaError(`the TSA refused (status ${response.status.status})`);
  const token = new Uint8Array(response.timeStampToken.toSchema().toBER());
  const parsed = parseToken(token);
  if (parsed.problem !== undefined) throw new TsaError(`the TSA's token is ${parsed.problem}`);
  if (tokenClaims(parsed).sha256Hex !== toHex(digest)) throw new TsaError("the TSA's token stamps another hash");
  const echoed = parsed.tstInfo.nonce ? new Uint8Array(parsed.tstInfo.nonce.valueBlock.valueHexView) : null;
  if (!echoed || toHex(echoed) !== toHex(nonce)) throw new TsaError("the TSA's token does not carry our nonce");
  return token;
}

/** A DER TimeStampToken over `digest` (32 bytes) from the TSA at `url`. Throws TsaError. */
export async function requestTimestamp(url: string, digest: Uint8Array): Promise<Uint8Array> {
  if (digest.length !== 32) throw new TsaError("a SHA-256 digest is 32 bytes");
  const nonce = newNonce();
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/timestamp-query", Accept: "application/timestamp-reply" },
      body: requestBytes(digest, nonce),
      redirect: "error",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new TsaError(`the TSA could not be reached (${error instanceof Error ? error.name : "error"})`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new TsaError(`the TSA answered HTTP ${response.status}`);
  }
  let reply: Uint8Array;
  try {
    reply = await readCapped(response.body, TIMESTAMP_TOKEN_MAX_BYTES, { contentLength: response.headers.get("content-length"), reason: "timestamp.tooLarge" });
  } catch {
    throw new TsaError("the TSA's answer is too large or was cut off");
  }
  return tokenOf(reply, digest, nonce);
}
