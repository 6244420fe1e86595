/**
 * What the offline verifier (../verify-core.mjs) needs to check a signed
 * statement: canonical JSON, strict base64url, the profile fingerprint and the
 * Ed25519 signature. Plain Node ESM with no dependency beyond node:crypto.
 *
 * Must always hold:
 * - canonicalJson is a copy of lib/encoding/canonical-json.ts (same bytes; a
 *   unit test compares them on tricky inputs). Change both or neither.
 * - profileFingerprint gives the digits of lib/crypto/fingerprint.ts (a unit
 *   test compares them), so a person can compare the report with their profile.
 * - verifyStatementSignature returns false, never throws, on anything malformed.
 */
import { createHash, verify as cryptoVerify } from "node:crypto";

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
  const buf = Buffer.from(text, "base64url");
  if (buf.length !== bytes || buf.toString("base64url") !== text) return null;
  return new Uint8Array(buf);
}

const FINGERPRINT_LABEL = new TextEncoder().encode("casevault:v1:fingerprint");

/**
 * The profile fingerprint of lib/crypto/fingerprint.ts: BLAKE2b-512 over
 * label ‖ 0x00 ‖ x25519 ‖ ed25519, shown as 8 groups of 5 digits. Needs both keys.
 */
export function profileFingerprint(x25519, ed25519) {
  const hash = createHash("blake2b512").update(FINGERPRINT_LABEL).update(Uint8Array.of(0)).update(x25519).update(ed25519).digest();
  const groups = [];
  for (let g = 0; g < 8; g++) {
    let n = 0;
    for (let i = 0; i < 5; i++) n = n * 256 + hash[g * 5 + i];
    groups.push(String(n % 100000).padStart(5, "0"));
  }
  return groups.join(" ");
}

/** Ed25519 detached signature check over canonicalJson(statement); false on anything malformed. */
export function verifyStatementSignature(statement, signature, publicKey) {
  const key = decodeBase64url(publicKey, 32);
  const sig = decodeBase64url(signature, 64);
  if (!key || !sig) return false;
  let message;
  try {
    message = canonicalBytes(statement);
  } catch {
    return false;
  }
  try {
    return cryptoVerify(null, message, { key: { kty: "OKP", crv: "Ed25519", x: publicKey }, format: "jwk" }, sig);
  } catch {
    return false;
  }
}
