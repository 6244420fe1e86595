/**
 * Who holds the keys that signed a bundle (issue 13 point 3). The keys travel
 * inside the bundle, so they prove nothing about people by themselves; the
 * user checks them against what the organisation hands over separately:
 * - `--expect <fingerprint>[,…]`: the 40-digit fingerprints (as Casevault's
 *   Account and Team pages show them) of everyone allowed to have signed;
 * - `--keys keys.json`: the organisation's public keys, signed by its admin
 *   (verify/org-keys.mjs), with the window of every key a person has replaced.
 *
 * Must always hold:
 * - Every use of a key is checked: the exporter's at the export time, each
 *   statement signer's at the statement's date. One that fails is named.
 * - With neither option the method is "none" and ok is false: the verifier
 *   never turns that into a PASS.
 */
import { identityOf } from "./org-keys.mjs";

/** Parses "--expect" text: fingerprints separated by commas, spaces inside each ignored. Throws on anything but 40 digits each. */
export function parseExpected(text) {
  const items = String(text).split(",").map((item) => item.replace(/\s+/g, ""));
  for (const item of items) {
    if (!/^\d{40}$/.test(item)) throw new Error(`"${item.slice(0, 60)}" is not a fingerprint (40 digits, spaces allowed)`);
  }
  return items;
}

const digits = (fingerprint) => (fingerprint ?? "").replace(/\s+/g, "");

/** `uses`: [{ person: personSummary, at: ISO, role }]; `options`: { expect?: string[], orgKeys?: parseOrgKeys' ok result }. */
export function checkIdentities(uses, options) {
  const expect = options.expect ?? null;
  const orgKeys = options.orgKeys ?? null;
  const method = orgKeys && expect ? "keys and expect" : orgKeys ? "keys" : expect ? "expect" : "none";
  const problems = [];
  const confirmed = new Map();
  for (const { person, at, role } of uses) {
    if (expect && !expect.includes(digits(person.fingerprint))) {
      problems.push({ role, person, reason: person.fingerprint ? "fingerprint not among the expected ones" : "the bundle names a malformed key" });
    }
    if (orgKeys) {
      const found = identityOf(orgKeys.orgKeys, { userId: person.userId, signPublicKey: person.signPublicKey, boxPublicKey: person.boxPublicKey }, at);
      if (!found.ok) problems.push({ role, person, reason: found.reason });
      else confirmed.set(`${person.userId}\u0000${person.signPublicKey}`, { person, displayName: found.displayName, verified: found.verified });
    }
  }
  return {
    method,
    ok: method !== "none" && problems.length === 0,
    problems,
    confirmed: [...confirmed.values()],
    keysSigner: orgKeys ? orgKeys.signer : null,
  };
}
