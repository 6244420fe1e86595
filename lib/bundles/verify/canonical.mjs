/**
 * What the offline verifier (../verify-core.mjs) needs to check a signed
 * statement: canonical JSON, strict base64url, the profile fingerprint and the
 * Ed25519 signature. Plain ESM; its primitives come from ./crypto.mjs (Node)
 * or web/crypto.mjs (the page in the bundle).
 *
 * Must always hold:
 * - canonicalJson is a copy of lib/encoding/canonical-json.ts (same bytes; a
 *   unit test compares them on tricky inputs). Change both or neither.
 * - profileFingerprint gives the digits of lib/crypto/fingerprint.ts (a unit
 *   test compares them), so a person can compare the report with their profile.
 * - verifyStatementSignature (synchronous, Node only: false elsewhere) and
 *   checkStatementSignature (asynchronous, everywhere) return false, never
 *   throw, on anything malformed; they agree on every input.
 */
import { blake2b512, ed25519Verify, ed25519VerifySync, fromBase64url, toBase64url } from "./crypto.mjs";

// ---- canonical JSON (copied from lib/encoding/canonical-json.ts) ----

export class CanonicalJsonError extends Error {
  name = "CanonicalJsonError";
}

const MAX_DEPTH = 100;

function fail(path, reason) {
  throw new CanonicalJsonError(`canonical JSON: ${path}: ${reason}`);
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value, path, seen, depth) {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) fail(path, `${String(value)} is not allowed`);
      return JSON.stringify(value);
    case "object":
      break;
    default:
      return fail(path, `${typeof value} is not allowed`);
  }
  if (depth > MAX_DEPTH) fail(path, "nested too deeply");
  if (seen.has(value)) fail(path, "cycle");
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) fail(`${path}[${i}]`, "array hole");
        items.push(write(value[i], `${path}[${i}]`, seen, depth + 1));
      }
      return `[${items.join(",")}]`;
    }
    if (!isPlainObject(value)) fail(path, "only plain objects are allowed");
    if (Object.getOwnPropertySymbols(value).length > 0) fail(path, "symbol keys are not allowed");
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(value[key], `${path}.${key}`, seen, depth + 1)}`);
    return `{${members.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

export function canonicalJson(value) {
  return write(value, "$", new Set(), 0);
}

export function canonicalBytes(value) {
  return new TextEncoder().encode(canonicalJson(value));
}

// ---- keys and signatures ----

/** Strict base64url (no padding) of exactly `bytes` bytes, or null. */
export function decodeBase64url(text, bytes) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const buf = fromBase64url(text);
  if (buf.length !== bytes || toBase64url(buf) !== text) return null;
  return buf;
}

const FINGERPRINT_LABEL = new TextEncoder().encode("casevault:v1:fingerprint");

/**
 * The profile fingerprint of lib/crypto/fingerprint.ts: BLAKE2b-512 over
 * label ‖ 0x00 ‖ x25519 ‖ ed25519, shown as 8 groups of 5 digits. Needs both keys.
 */
export function profileFingerprint(x25519, ed25519) {
  const hash = blake2b512([FINGERPRINT_LABEL, Uint8Array.of(0), x25519, ed25519]);
  const groups = [];
  for (let g = 0; g < 8; g++) {
    let n = 0;
    for (let i = 0; i < 5; i++) n = n * 256 + hash[g * 5 + i];
    groups.push(String(n % 100000).padStart(5, "0"));
  }
  return groups.join(" ");
}

/** The signed bytes and the decoded key and signature, or null if anything is malformed. */
function signedParts(statement, signature, publicKey) {
  const key = decodeBase64url(publicKey, 32);
  const sig = decodeBase64url(signature, 64);
  if (!key || !sig) return null;
  try {
    return { message: canonicalBytes(statement), key, sig };
  } catch {
    return null;
  }
}

/** Ed25519 detached signature check over canonicalJson(statement); false on anything malformed. Synchronous: Node only (false in a browser). */
export function verifyStatementSignature(statement, signature, publicKey) {
  const parts = signedParts(statement, signature, publicKey);
  return parts !== null && ed25519VerifySync(parts.message, parts.sig, parts.key);
}

/** The same check as verifyStatementSignature, asynchronous so that it also runs with WebCrypto. */
export async function checkStatementSignature(statement, signature, publicKey) {
  const parts = signedParts(statement, signature, publicKey);
  return parts !== null && (await ed25519Verify(parts.message, parts.sig, parts.key));
}
