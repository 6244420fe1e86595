/**
 * RFC 3161 timestamp tokens in a bundle (issue 13 point 5): one per evidence
 * statement (stamped at upload) and one over the signed manifest (stamped at
 * export). A token is a CMS SignedData over a TSTInfo, parsed and checked
 * with pkijs (no hand-written ASN.1). Plain ESM over WebCrypto, so the same
 * code runs in Node and in a browser.
 *
 * Must always hold:
 * - A token counts only for the exact bytes it claims to stamp: its message
 *   imprint must be SHA-256 of those bytes (canonical JSON of the statement,
 *   or of the manifest). Anything else is "over a different hash": a FAIL.
 * - The TSA's CMS signature must verify with the certificate inside the
 *   token, and that certificate must be a time-stamping certificate
 *   (extendedKeyUsage timeStamping); otherwise a FAIL.
 * - Who the TSA is comes only from the user (--tsa-cert): with it, the
 *   token's certificate must chain to one of those certificates at the
 *   token's time, or it is a FAIL ("untrusted TSA"). Without it the status is
 *   "tsa-unverified": the time is a claim by a key nobody vouched for, and
 *   never turns a verdict into PASS.
 * - Never throws on malformed input: every problem is a result.
 */
import * as pkijs from "pkijs";

const TST_INFO = "1.2.840.113549.1.9.16.1.4";
const SHA256 = "2.16.840.1.101.3.4.2.1";
const EXT_KEY_USAGE = "2.5.29.37";
const TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
/** A token with its TSA certificate chain is a few KiB; anything far larger is not one. */
export const TIMESTAMP_TOKEN_MAX_BYTES = 64 * 1024;

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** Strict base64url (no padding), or null. */
export function decodeTokenText(text) {
  if (typeof text !== "string" || text.length === 0 || text.length > Math.ceil((TIMESTAMP_TOKEN_MAX_BYTES * 4) / 3) || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  if (text.length % 4 === 1) return null;
  let binary;
  try {
    binary = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4));
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // Only one spelling of a token: re-encoding must give the same text.
  const again = btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  return again === text ? bytes : null;
}

const ownBuffer = (bytes) => bytes.slice().buffer;

/** The token's CMS SignedData and TSTInfo, or { problem }. */
export function parseToken(der) {
  try {
    const info = pkijs.ContentInfo.fromBER(ownBuffer(der));
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) return { problem: "not a CMS SignedData" };
    const signedData = new pkijs.SignedData({ schema: info.content });
    if (signedData.encapContentInfo.eContentType !== TST_INFO || !signedData.encapContentInfo.eContent) return { problem: "does not hold a TSTInfo" };
    const tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent.getValue());
    if (signedData.signerInfos.length !== 1) return { problem: "must have exactly one signer" };
    return { signedData, tstInfo };
  } catch {
    return { problem: "not a readable RFC 3161 timestamp token" };
  }
}

/** What the token says: its time (ISO), the hash it stamps (hex, SHA-256 only) and the TSA's name. */
export function tokenClaims(parsed) {
  const imprint = parsed.tstInfo.messageImprint;
  const algorithm = imprint.hashAlgorithm.algorithmId;
  return {
    time: parsed.tstInfo.genTime.toISOString(),
    sha256Hex: algorithm === SHA256 ? hex(new Uint8Array(imprint.hashedMessage.valueBlock.valueHexView)) : null,
    algorithm,
  };
}

function subjectName(certificate) {
  if (!certificate) return null;
  const cn = certificate.subject.typesAndValues.find((t) => t.type === "2.5.4.3");
  return cn ? String(cn.value.valueBlock.value) : null;
}

function isTimeStampingCertificate(certificate) {
  const eku = certificate.extensions?.find((e) => e.extnID === EXT_KEY_USAGE);
  return Boolean(eku?.critical && eku.parsedValue instanceof pkijs.ExtKeyUsage && eku.parsedValue.keyPurposes.includes(TIME_STAMPING));
}

function sameCertificate(a, b) {
  const x = new Uint8Array(a.toSchema().toBER());
  const y = new Uint8Array(b.toSchema().toBER());
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The certificates in a PEM file (the TSA's or its CA's, as the organisation hands them over): { certificates } or { problem }. */
export function parseTsaCertificates(pemText) {
  const blocks = [...String(pemText).matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----/g)];
  if (blocks.length === 0) return { problem: "no PEM certificate found" };
  const certificates = [];
  for (const [, body] of blocks) {
    try {
      const der = Uint8Array.from(atob(body.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
      certificates.push(pkijs.Certificate.fromBER(ownBuffer(der)));
    } catch {
      return { problem: "a certificate in it cannot be read" };
    }
  }
  return { certificates };
}

/**
 * Check `text` (a base64url token) as a timestamp over exactly `data`.
 * `trusted`: certificates from --tsa-cert, or null. Result:
 *   { status: "verified" | "tsa-unverified", time, tsa } or
 *   { status: "fail", reason, time?, tsa? }.
 */
export async function checkTimestamp(text, data, trusted) {
  const der = decodeTokenText(text);
  if (!der) return { status: "fail", reason: "the timestamp token is not valid base64url (or is too large)" };
  const parsed = parseToken(der);
  if (parsed.problem) return { status: "fail", reason: `the timestamp token is ${parsed.problem}` };
  const claims = tokenClaims(parsed);
  if (claims.sha256Hex === null) return { status: "fail", reason: `the timestamp uses a hash other than SHA-256 (${claims.algorithm})`, time: claims.time };
  const expected = hex(new Uint8Array(await crypto.subtle.digest("SHA-256", data)));
  if (claims.sha256Hex !== expected) {
    return { status: "fail", reason: `the timestamp is over a different hash (${claims.sha256Hex}) than what it is attached to (${expected})`, time: claims.time };
  }
  const { signedData } = parsed;
  let signerCertificate = null;
  try {
    const result = await signedData.verify({ signer: 0, data: ownBuffer(data), extendedMode: true });
    signerCertificate = result.signerCertificate ?? null;
    if (!result.signatureVerified) return { status: "fail", reason: "the TSA's signature on the timestamp does not verify", time: claims.time, tsa: subjectName(signerCertificate) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { status: "fail", reason: `the TSA's signature on the timestamp does not verify (${detail})`, time: claims.time };
  }
  const tsa = subjectName(signerCertificate);
  if (!signerCertificate || !isTimeStampingCertificate(signerCertificate)) {
    return { status: "fail", reason: "the timestamp is signed with a certificate not made for time-stamping (no critical extendedKeyUsage timeStamping)", time: claims.time, tsa };
  }
  if (!trusted) return { status: "tsa-unverified", time: claims.time, tsa };
  // The TSA's own certificate given as --tsa-cert: trusted as itself, within its validity.
  if (trusted.some((c) => sameCertificate(c, signerCertificate))) {
    const at = parsed.tstInfo.genTime.getTime();
    if (at < signerCertificate.notBefore.value.getTime() || at > signerCertificate.notAfter.value.getTime()) {
      return { status: "fail", reason: "the timestamp's time is outside the TSA certificate's validity", time: claims.time, tsa };
    }
    return { status: "verified", time: claims.time, tsa };
  }
  try {
    const chained = await signedData.verify({ signer: 0, data: ownBuffer(data), checkChain: true, trustedCerts: trusted, extendedMode: true });
    if (!chained.signatureVerified) return { status: "fail", reason: "the TSA's signature on the timestamp does not verify", time: claims.time, tsa };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { status: "fail", reason: `untrusted TSA: the timestamp's certificate (${tsa ?? "unnamed"}) does not chain to the --tsa-cert given (${detail})`, time: claims.time, tsa };
  }
  return { status: "verified", time: claims.time, tsa };
}

/** The token's time and stamped hash without checking anything (for the exporter, which stamps what it writes). */
export function readTokenClaims(text) {
  const der = decodeTokenText(text);
  if (!der) return null;
  const parsed = parseToken(der);
  return parsed.problem ? null : tokenClaims(parsed);
}
