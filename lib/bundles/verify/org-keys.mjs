/**
 * The organisation's public keys as an admin hands them to a court, separately
 * from any bundle (`casevault-verify bundle.zip --keys keys.json`), and the
 * checks the offline verifier makes with them: who a signing key belongs to.
 * Plain Node ESM with no dependency beyond node: built-ins and ./canonical.mjs.
 * Built in the admin's browser by lib/org/public-keys-client.ts.
 *
 * The file (`keys.json`, UTF-8 JSON):
 *
 *   { "format": "casevault-keys/1",
 *     "keys": {
 *       "type": "casevault.org-keys.v1",
 *       "organisation": "<organisation name>",
 *       "exportedAt": "<ISO instant, ends in Z>",
 *       "exportedBy": { "userId", "displayName", "signPublicKey", "boxPublicKey" },
 *       "people": [ { "userId", "displayName", "boxPublicKey", "signPublicKey",
 *                     "verified": "compared" | "first_seen" | "self",
 *                     "retired": [ { "boxPublicKey", "signPublicKey", "until": "<ISO instant>" } ] } ] },
 *     "signature": "<base64url Ed25519 over canonicalJson(keys) by exportedBy.signPublicKey>" }
 *
 * Keys are base64url without padding of 32 bytes (box = X25519, sign =
 * Ed25519). `people` is sorted by userId, each person once; the exporting admin
 * is among them with "self" and the same keys as `exportedBy`. `verified` says
 * how the admin's browser knows the keys: compared in person (safety number),
 * seen first and pinned (trust on first use), or the admin's own. A retired key
 * is one the person held before: it names them only for what was signed up to
 * `until`. Only keys the admin's keybook vouches for are in the file.
 *
 * Must always hold:
 * - parseOrgKeys accepts only a file of exactly this shape whose signature
 *   verifies under exportedBy.signPublicKey; anything else is { ok: false }
 *   with a reason, never a throw. Unknown fields are refused (they would not
 *   be covered by the signature or would change what it means).
 * - The signer's fingerprint is the profile fingerprint (same 40 digits as the
 *   Account page): the court compares it with what the admin told them, so a
 *   file re-signed by anyone else is recognisably someone else's.
 * - identityOf names a person only for their current key, or a retired key
 *   used at or before its `until` (instants compared exactly, not as strings).
 */
import { decodeBase64url, profileFingerprint, verifyStatementSignature } from "./canonical.mjs";

export const ORG_KEYS_FORMAT = "casevault-keys/1";
export const ORG_KEYS_TYPE = "casevault.org-keys.v1";

const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_PEOPLE = 100_000;
const MAX_RETIRED = 50;
const MAX_TEXT = 1000;
const VERIFIED = new Set(["compared", "first_seen", "self"]);

class Refusal extends Error {}

function refuse(reason) {
  throw new Refusal(reason);
}

function isPlainObject(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `value` as an object with exactly the `required` (and maybe the `optional`) fields. */
function exactObject(value, what, required, optional = []) {
  if (!isPlainObject(value)) refuse(`${what} is not an object`);
  for (const key of required) if (!Object.hasOwn(value, key)) refuse(`${what} has no "${key}"`);
  const allowed = new Set([...required, ...optional]);
  for (const key of Object.keys(value)) if (!allowed.has(key)) refuse(`${what} has an unknown field "${key}"`);
  return value;
}

function text(value, what) {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT) refuse(`${what} is not a non-empty string`);
  if (/[\u0000-\u001f\u007f]/.test(value)) refuse(`${what} contains control characters`);
  return value;
}

function key32(value, what) {
  const bytes = decodeBase64url(value, 32);
  if (!bytes) refuse(`${what} is not a 32-byte base64url key`);
  return bytes;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant as [whole seconds since the epoch, nanoseconds], or null
 * when malformed or not a real calendar time. `zOnly`: refuse offsets other than Z.
 */
function parseInstant(value, zOnly) {
  if (typeof value !== "string") return null;
  const m = INSTANT.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = "", zone] = m;
  if (zOnly && zone !== "Z") return null;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  if (day < 1 || day > lastDay.getUTCDate()) return null;
  let offsetMinutes = 0;
  if (zone !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const seconds = date.getTime() / 1000 - offsetMinutes * 60;
  return [seconds, Number(frac.padEnd(9, "0"))];
}

/** -1, 0 or 1 as instant `a` is before, at or after `b`. */
function compareInstants(a, b) {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

function instant(value, what) {
  if (!parseInstant(value, true)) refuse(`${what} is not an ISO instant in UTC (…Z)`);
  return value;
}

function checkPerson(value, index) {
  const what = `person ${index + 1}`;
  const p = exactObject(value, what, ["userId", "displayName", "boxPublicKey", "signPublicKey", "verified"], ["retired"]);
  text(p.userId, `${what}'s userId`);
  text(p.displayName, `${what}'s displayName`);
  key32(p.boxPublicKey, `${what}'s boxPublicKey`);
  key32(p.signPublicKey, `${what}'s signPublicKey`);
  if (!VERIFIED.has(p.verified)) refuse(`${what}'s "verified" is not compared, first_seen or self`);
  if (p.retired !== undefined) {
    if (!Array.isArray(p.retired) || p.retired.length > MAX_RETIRED) refuse(`${what}'s retired keys are not a list`);
    p.retired.forEach((r, i) => {
      const rwhat = `${what}'s retired key ${i + 1}`;
      exactObject(r, rwhat, ["boxPublicKey", "signPublicKey", "until"]);
      key32(r.boxPublicKey, `${rwhat}'s boxPublicKey`);
      key32(r.signPublicKey, `${rwhat}'s signPublicKey`);
      instant(r.until, `${rwhat}'s "until"`);
      if (r.signPublicKey === p.signPublicKey) refuse(`${rwhat} is also their current key`);
    });
  }
  return p;
}

function checkOrgKeys(keys) {
  exactObject(keys, '"keys"', ["type", "organisation", "exportedAt", "exportedBy", "people"]);
  if (keys.type !== ORG_KEYS_TYPE) refuse(`"keys" is not of type ${ORG_KEYS_TYPE}`);
  text(keys.organisation, "the organisation's name");
  instant(keys.exportedAt, '"exportedAt"');
  const by = exactObject(keys.exportedBy, '"exportedBy"', ["userId", "displayName", "signPublicKey", "boxPublicKey"]);
  text(by.userId, "the exporter's userId");
  text(by.displayName, "the exporter's displayName");
  key32(by.signPublicKey, "the exporter's signPublicKey");
  key32(by.boxPublicKey, "the exporter's boxPublicKey");
  if (!Array.isArray(keys.people) || keys.people.length > MAX_PEOPLE) refuse('"people" is not a list');
  const seen = new Set();
  const signingKeys = new Map();
  let previous = null;
  keys.people.forEach((value, index) => {
    const p = checkPerson(value, index);
    if (seen.has(p.userId)) refuse(`${p.userId} is listed twice`);
    seen.add(p.userId);
    if (previous !== null && !(previous < p.userId)) refuse('"people" is not sorted by userId');
    previous = p.userId;
    for (const k of [p.signPublicKey, ...(p.retired ?? []).map((r) => r.signPublicKey)]) {
      const owner = signingKeys.get(k);
      if (owner !== undefined && owner !== p.userId) refuse(`a signing key is listed for both ${owner} and ${p.userId}`);
      signingKeys.set(k, p.userId);
    }
    if (p.verified === "self" && p.userId !== by.userId) refuse(`${p.userId} is marked "self" but did not export the file`);
  });
  const self = keys.people.find((p) => p.userId === by.userId);
  if (!self || self.verified !== "self" || self.signPublicKey !== by.signPublicKey || self.boxPublicKey !== by.boxPublicKey || self.displayName !== by.displayName) {
    refuse("the exporter is not listed among the people with their own keys");
  }
}

/** Checks a keys.json file: its shape, every key, and the exporter's signature over `keys`. */
export function parseOrgKeys(bytes) {
  try {
    if (!(bytes instanceof Uint8Array)) refuse("not a file");
    if (bytes.length > MAX_FILE_BYTES) refuse("the file is too large");
    let parsed;
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    } catch {
      refuse("not a JSON file");
    }
    const file = exactObject(parsed, "the file", ["format", "keys", "signature"]);
    if (file.format !== ORG_KEYS_FORMAT) refuse(`not a ${ORG_KEYS_FORMAT} file`);
    checkOrgKeys(file.keys);
    if (decodeBase64url(file.signature, 64) === null) refuse("the signature is malformed");
    const by = file.keys.exportedBy;
    if (!verifyStatementSignature(file.keys, file.signature, by.signPublicKey)) refuse("the signature does not match the keys listed (altered, or signed by someone else)");
    const fingerprint = profileFingerprint(decodeBase64url(by.boxPublicKey, 32), decodeBase64url(by.signPublicKey, 32));
    return { ok: true, orgKeys: file.keys, signer: { userId: by.userId, displayName: by.displayName, fingerprint } };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    return { ok: false, reason: "the file could not be read" };
  }
}

/**
 * Who `key` belongs to according to a checked file (parseOrgKeys's orgKeys),
 * given `at`, the ISO instant the key was used (a statement's signing time).
 */
export function identityOf(orgKeys, key, at) {
  const when = parseInstant(at, false);
  if (!when) return { ok: false, reason: "the signing time is not an ISO instant" };
  const person = orgKeys?.people?.find((p) => p.userId === key?.userId);
  if (!person) return { ok: false, reason: "not in the organisation's keys" };
  const paired = (listed) => key.boxPublicKey === undefined || key.boxPublicKey === listed.boxPublicKey;
  if (key.signPublicKey === person.signPublicKey) {
    if (!paired(person)) return { ok: false, reason: "encryption key does not match the listed signing key" };
    return { ok: true, displayName: person.displayName, verified: person.verified };
  }
  const retired = (person.retired ?? []).find((r) => r.signPublicKey === key.signPublicKey);
  if (!retired) return { ok: false, reason: "key not listed for this person" };
  if (!paired(retired)) return { ok: false, reason: "encryption key does not match the listed signing key" };
  const until = parseInstant(retired.until, false);
  if (!until) return { ok: false, reason: "the key's retirement date is malformed" };
  if (compareInstants(when, until) > 0) return { ok: false, reason: `signed after this key was retired on ${retired.until}` };
  return { ok: true, displayName: person.displayName, verified: person.verified, retiredUntil: retired.until };
}
