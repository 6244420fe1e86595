import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalBytes, profileFingerprint } from "./canonical.mjs";
import { identityOf, parseOrgKeys, type OrgKeys, type OrgKeysFile, type OrgKeysPerson } from "./org-keys.mjs";

// A forger's attacks on keys.json, made with node:crypto keys (the same
// Ed25519/X25519 a browser's libsodium makes; the round trip with the app's
// own builder is in lib/org/public-keys-client.test.ts).

type Person = { userId: string; box: string; sign: string; signKey: KeyObject };

function person(userId: string): Person {
  const ed = generateKeyPairSync("ed25519");
  const x = generateKeyPairSync("x25519");
  const pub = (k: KeyObject) => {
    const jwk = k.export({ format: "jwk" });
    if (typeof jwk.x !== "string") throw new Error("no public key");
    return jwk.x;
  };
  return { userId, box: pub(x.publicKey), sign: pub(ed.publicKey), signKey: ed.privateKey };
}

const admin = person("a0000000-0000-4000-8000-000000000001");
const lawyer = person("b0000000-0000-4000-8000-000000000002");
const oldLawyer = person(lawyer.userId);
const caseworker = person("c0000000-0000-4000-8000-000000000003");
const forger = person("f0000000-0000-4000-8000-00000000000f");

const entry = (p: Person, displayName: string, verified: OrgKeysPerson["verified"]): OrgKeysPerson => ({
  userId: p.userId,
  displayName,
  boxPublicKey: p.box,
  signPublicKey: p.sign,
  verified,
});

function orgKeys(): OrgKeys {
  return {
    type: "casevault.org-keys.v1",
    organisation: "Rights Watch",
    exportedAt: "2025-06-01T12:00:00.000Z",
    exportedBy: { userId: admin.userId, displayName: "Ada Admin", signPublicKey: admin.sign, boxPublicKey: admin.box },
    people: [
      entry(admin, "Ada Admin", "self"),
      { ...entry(lawyer, "Dr Lena Lawyer", "compared"), retired: [{ boxPublicKey: oldLawyer.box, signPublicKey: oldLawyer.sign, until: "2025-03-01T10:00:00.000Z" }] },
      entry(caseworker, "Cas Worker", "first_seen"),
    ],
  };
}

function signed(keys: OrgKeys, by: Person = admin): OrgKeysFile {
  return { format: "casevault-keys/1", keys, signature: sign(null, canonicalBytes(keys), by.signKey).toString("base64url") };
}

const bytes = (value: unknown) => new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));

function accepted(value: unknown) {
  const parsed = parseOrgKeys(bytes(value));
  if (!parsed.ok) throw new Error(`refused: ${parsed.reason}`);
  return parsed;
}

function refusal(value: unknown): string {
  const parsed = parseOrgKeys(bytes(value));
  expect(parsed.ok).toBe(false);
  return parsed.ok ? "" : parsed.reason;
}

describe("parseOrgKeys", () => {
  it("accepts the admin's signed file and names the signer by fingerprint", () => {
    const parsed = accepted(signed(orgKeys()));
    expect(parsed.signer).toEqual({
      userId: admin.userId,
      displayName: "Ada Admin",
      fingerprint: profileFingerprint(Buffer.from(admin.box, "base64url"), Buffer.from(admin.sign, "base64url")),
    });
    expect(parsed.signer.fingerprint).toMatch(/^\d{5}( \d{5}){7}$/);
    expect(parsed.orgKeys.people).toHaveLength(3);
  });

  it("accepts any formatting of the same JSON (the signature covers the canonical form)", () => {
    expect(parseOrgKeys(bytes(JSON.stringify(signed(orgKeys()), null, 2))).ok).toBe(true);
  });

  it("refuses a forged signature", () => {
    const file = signed(orgKeys());
    const forged = signed(orgKeys(), forger);
    expect(refusal({ ...file, signature: forged.signature })).toMatch(/signature does not match/);
    const flipped = Buffer.from(file.signature, "base64url");
    flipped[5] = (flipped[5] ?? 0) ^ 1;
    expect(refusal({ ...file, signature: flipped.toString("base64url") })).toMatch(/signature does not match/);
    expect(refusal({ ...file, signature: "AAAA" })).toMatch(/signature is malformed/);
  });

  it("refuses a file re-signed by a forger posing as the admin (their keys are not the admin's)", () => {
    const keys = orgKeys();
    keys.exportedBy = { ...keys.exportedBy, signPublicKey: forger.sign, boxPublicKey: forger.box };
    keys.people[0] = { ...entry(forger, "Ada Admin", "self"), userId: admin.userId };
    const parsed = accepted(signed(keys, forger));
    // It parses — but the fingerprint the court compares is the forger's, not the admin's.
    expect(parsed.signer.fingerprint).not.toBe(profileFingerprint(Buffer.from(admin.box, "base64url"), Buffer.from(admin.sign, "base64url")));
  });

  it("refuses a person's key swapped after signing", () => {
    const file = signed(orgKeys());
    const swapped = structuredClone(file);
    const lena = swapped.keys.people[1];
    if (!lena) throw new Error("fixture");
    lena.signPublicKey = forger.sign;
    expect(refusal(swapped)).toMatch(/signature does not match/);
    const renamed = structuredClone(file);
    const cas = renamed.keys.people[2];
    if (!cas) throw new Error("fixture");
    cas.displayName = "Dr Lena Lawyer";
    expect(refusal(renamed)).toMatch(/signature does not match/);
    const extended = structuredClone(file);
    const lenaAgain = extended.keys.people[1];
    if (!lenaAgain?.retired?.[0]) throw new Error("fixture");
    lenaAgain.retired[0].until = "2030-01-01T00:00:00.000Z";
    expect(refusal(extended)).toMatch(/signature does not match/);
  });

  it("refuses a person listed twice, even when the admin signed it", () => {
    const keys = orgKeys();
    keys.people.splice(2, 0, entry(forger, "Dr Lena Lawyer", "compared"));
    const twin = keys.people[2];
    if (!twin) throw new Error("fixture");
    twin.userId = lawyer.userId;
    expect(refusal(signed(keys))).toMatch(/listed twice/);
  });

  it("refuses people out of order, a key listed for two people, and a stray self", () => {
    const unsorted = orgKeys();
    unsorted.people.reverse();
    expect(refusal(signed(unsorted))).toMatch(/not sorted/);
    const shared = orgKeys();
    const cas = shared.people[2];
    if (!cas) throw new Error("fixture");
    cas.signPublicKey = lawyer.sign;
    expect(refusal(signed(shared))).toMatch(/listed for both/);
    const selfish = orgKeys();
    const cas2 = selfish.people[2];
    if (!cas2) throw new Error("fixture");
    cas2.verified = "self";
    expect(refusal(signed(selfish))).toMatch(/marked "self"/);
    const noAdmin = orgKeys();
    noAdmin.people.shift();
    expect(refusal(signed(noAdmin))).toMatch(/exporter is not listed/);
  });

  it("refuses malformed files", () => {
    const good = signed(orgKeys());
    expect(refusal("")).toMatch(/not a JSON file/);
    expect(refusal("{not json")).toMatch(/not a JSON file/);
    expect(parseOrgKeys(Uint8Array.of(0xff, 0xfe, 0x7b)).ok).toBe(false);
    expect(refusal([])).toMatch(/not an object/);
    expect(refusal(null)).toMatch(/not an object/);
    expect(refusal({ ...good, format: "casevault-keys/2" })).toMatch(/not a casevault-keys\/1 file/);
    expect(refusal({ ...good, extra: 1 })).toMatch(/unknown field "extra"/);
    const { signature: _dropped, ...unsigned } = good;
    void _dropped;
    expect(refusal(unsigned)).toMatch(/no "signature"/);

    const cases: [string, (k: OrgKeys & Record<string, unknown>) => void, RegExp][] = [
      ["type", (k) => void (k.type = "casevault.keybook.v1" as OrgKeys["type"]), /not of type/],
      ["short key", (k) => void (k.people[1]!.boxPublicKey = lawyer.box.slice(0, 42)), /boxPublicKey is not a 32-byte/],
      ["padded key", (k) => void (k.people[1]!.signPublicKey = `${lawyer.sign}=`), /signPublicKey is not a 32-byte/],
      ["exporter key", (k) => void (k.exportedBy.signPublicKey = "x"), /exporter's signPublicKey/],
      ["local time", (k) => void (k.exportedAt = "2025-06-01T12:00:00"), /exportedAt/],
      ["offset", (k) => void (k.exportedAt = "2025-06-01T12:00:00+02:00"), /exportedAt/],
      ["impossible date", (k) => void (k.exportedAt = "2025-02-30T12:00:00Z"), /exportedAt/],
      ["bad until", (k) => void (k.people[1]!.retired![0]!.until = "yesterday"), /"until"/],
      ["verified", (k) => void ((k.people[2] as Record<string, unknown>).verified = "trusted"), /"verified"/],
      ["extra person field", (k) => void ((k.people[2] as Record<string, unknown>).role = "admin"), /unknown field "role"/],
      ["empty name", (k) => void (k.people[2]!.displayName = ""), /displayName/],
      ["people not a list", (k) => void ((k as Record<string, unknown>).people = {}), /"people" is not a list/],
      ["no organisation", (k) => void delete (k as Record<string, unknown>).organisation, /no "organisation"/],
    ];
    for (const [name, mutate, reason] of cases) {
      const keys = orgKeys() as OrgKeys & Record<string, unknown>;
      mutate(keys);
      expect(refusal(signed(keys)), name).toMatch(reason);
    }
  });
});

describe("identityOf", () => {
  const keys = accepted(signed(orgKeys())).orgKeys;

  it("names a person by their current key, with or without the box key", () => {
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: lawyer.sign }, "2025-05-01T09:00:00Z")).toEqual({ ok: true, displayName: "Dr Lena Lawyer", verified: "compared" });
    expect(identityOf(keys, { userId: caseworker.userId, signPublicKey: caseworker.sign, boxPublicKey: caseworker.box }, "2025-05-01T09:00:00Z")).toEqual({
      ok: true,
      displayName: "Cas Worker",
      verified: "first_seen",
    });
  });

  it("refuses someone not listed, and a key not theirs", () => {
    expect(identityOf(keys, { userId: forger.userId, signPublicKey: forger.sign }, "2025-05-01T09:00:00Z")).toEqual({ ok: false, reason: "not in the organisation's keys" });
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: forger.sign }, "2025-05-01T09:00:00Z")).toEqual({ ok: false, reason: "key not listed for this person" });
    // Someone else's listed key does not name this person either.
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: caseworker.sign }, "2025-05-01T09:00:00Z")).toEqual({ ok: false, reason: "key not listed for this person" });
  });

  it("refuses a wrong box key paired with a right signing key", () => {
    const result = identityOf(keys, { userId: lawyer.userId, signPublicKey: lawyer.sign, boxPublicKey: forger.box }, "2025-05-01T09:00:00Z");
    expect(result.ok).toBe(false);
    // The retired pair is checked as a pair too: the old signing key with the new box key is not it.
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign, boxPublicKey: lawyer.box }, "2025-02-01T09:00:00Z").ok).toBe(false);
  });

  it("accepts a retired key inside its window, up to and including `until`", () => {
    const inside = identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign, boxPublicKey: oldLawyer.box }, "2025-02-01T09:00:00Z");
    expect(inside).toEqual({ ok: true, displayName: "Dr Lena Lawyer", verified: "compared", retiredUntil: "2025-03-01T10:00:00.000Z" });
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign }, "2025-03-01T10:00:00Z").ok).toBe(true);
    // Same instant written another way (offset, more digits): compared as instants, not strings.
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign }, "2025-03-01T12:00:00.000000000+02:00").ok).toBe(true);
  });

  it("refuses a retired key used after its window", () => {
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign }, "2025-03-01T10:00:00.001Z")).toEqual({
      ok: false,
      reason: "signed after this key was retired on 2025-03-01T10:00:00.000Z",
    });
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign }, "2025-03-01T10:00:00.000000001Z").ok).toBe(false);
    // As strings these two would compare the wrong way round: "…T11:00:00+02:00" sorts after "…T10:00:00.000Z" but is 09:00Z (inside)…
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign }, "2025-03-01T11:00:00+02:00").ok).toBe(true);
    // …and "…T09:00:00-02:00" sorts before it but is 11:00Z (after).
    expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: oldLawyer.sign }, "2025-03-01T09:00:00-02:00").ok).toBe(false);
  });

  it("refuses a signing time that is not an instant", () => {
    for (const at of ["", "2025-03-01", "2025-03-01T10:00:00", "2025-13-01T10:00:00Z", "soon"]) {
      expect(identityOf(keys, { userId: lawyer.userId, signPublicKey: lawyer.sign }, at).ok, at).toBe(false);
    }
  });
});
