import { describe, expect, it } from "vitest";
import { identityOf, parseOrgKeys } from "@/lib/bundles/verify/org-keys.mjs";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { fingerprint } from "@/lib/crypto/fingerprint";
import { newAccount } from "@/lib/testing/case-fixtures";
import { emptyKeybook, pinKey, type Keybook } from "@/lib/trust/keybook";
import { buildOrgKeys, orgKeysBlob, type ServedPerson } from "./public-keys-client";

// Built with real libsodium keys as the admin's browser builds it, then read
// back by the offline verifier's checker (lib/bundles/verify/org-keys.mjs).

const served = (account: UnlockedAccount, displayName: string): ServedPerson => ({
  userId: account.userId,
  displayName,
  boxPublicKey: toBase64url(account.keys.x25519.publicKey),
  signPublicKey: toBase64url(account.keys.ed25519.publicKey),
});

async function parse(file: unknown) {
  const parsed = parseOrgKeys(new TextEncoder().encode(JSON.stringify(file)));
  if (!parsed.ok) throw new Error(`refused: ${parsed.reason}`);
  return parsed;
}

describe("buildOrgKeys", () => {
  it("round trip: what the admin's browser signs, the court's checker accepts", async () => {
    const [admin, lawyer, lawyerBefore, caseworker, newcomer, swapped] = await Promise.all([
      newAccount("a1111111-1111-4111-8111-111111111111"),
      newAccount("b2222222-2222-4222-8222-222222222222"),
      newAccount("b2222222-2222-4222-8222-222222222222"),
      newAccount("c3333333-3333-4333-8333-333333333333"),
      newAccount("d4444444-4444-4444-8444-444444444444"),
      newAccount("c3333333-3333-4333-8333-333333333333"),
    ]);
    const t0 = new Date("2025-01-10T08:00:00.000Z");
    const t1 = new Date("2025-03-01T10:00:00.000Z");
    let book: Keybook = emptyKeybook;
    book = pinKey(book, served(lawyerBefore, "x"), "compared", t0);
    book = pinKey(book, served(lawyer, "x"), "compared", t1); // re-pinned after a comparison: the old key retires at t1
    book = pinKey(book, served(caseworker, "x"), "first_seen", t0);

    const people = [
      served(newcomer, "Nina Newcomer"),
      served(swapped, "Cas Worker"), // the server now serves other keys for the caseworker
      served(lawyer, "Dr Lena Lawyer"),
      { ...served(admin, "Ada Admin"), signPublicKey: toBase64url(newcomer.keys.ed25519.publicKey) }, // the server lies about the admin too
    ];
    const now = new Date("2025-06-01T12:00:00.000Z");
    const { file, left, firstSeen } = await buildOrgKeys({ organisation: "Rights Watch", people, keybook: book, me: admin, now });

    expect(left).toEqual([{ userId: caseworker.userId, displayName: "Cas Worker", why: "changed" }]);
    expect(firstSeen).toEqual([{ userId: newcomer.userId, boxPublicKey: served(newcomer, "").boxPublicKey, signPublicKey: served(newcomer, "").signPublicKey }]);
    expect(file.keys.exportedAt).toBe("2025-06-01T12:00:00.000Z");

    // Through the bytes actually saved.
    const saved = new Uint8Array(await orgKeysBlob(file).arrayBuffer());
    const parsed = parseOrgKeys(saved);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.signer.fingerprint).toBe(await fingerprint({ x25519: admin.keys.x25519.publicKey, ed25519: admin.keys.ed25519.publicKey }));
    expect(parsed.signer.displayName).toBe("Ada Admin");
    const orgKeys = parsed.orgKeys;
    expect(orgKeys.organisation).toBe("Rights Watch");
    expect(orgKeys.people.map((p) => [p.userId, p.verified])).toEqual([
      [admin.userId, "self"],
      [lawyer.userId, "compared"],
      [newcomer.userId, "first_seen"],
    ]);
    // The admin is listed with their own keys, not what the server served.
    expect(orgKeys.people[0]?.signPublicKey).toBe(toBase64url(admin.keys.ed25519.publicKey));

    const at = "2025-05-01T09:00:00.000Z";
    expect(identityOf(orgKeys, served(lawyer, ""), at)).toEqual({ ok: true, displayName: "Dr Lena Lawyer", verified: "compared" });
    expect(identityOf(orgKeys, served(newcomer, ""), at)).toMatchObject({ ok: true, verified: "first_seen" });
    expect(identityOf(orgKeys, served(admin, ""), at)).toMatchObject({ ok: true, verified: "self" });
    // The lawyer's old key: inside its window only.
    expect(identityOf(orgKeys, served(lawyerBefore, ""), "2025-02-01T00:00:00.000Z")).toEqual({
      ok: true,
      displayName: "Dr Lena Lawyer",
      verified: "compared",
      retiredUntil: t1.toISOString(),
    });
    expect(identityOf(orgKeys, served(lawyerBefore, ""), "2025-03-02T00:00:00.000Z")).toEqual({ ok: false, reason: `signed after this key was retired on ${t1.toISOString()}` });
    // The changed caseworker is not in the file: neither the served keys nor the pinned ones name them.
    expect(identityOf(orgKeys, served(swapped, ""), at)).toEqual({ ok: false, reason: "not in the organisation's keys" });
    expect(identityOf(orgKeys, served(caseworker, ""), at)).toEqual({ ok: false, reason: "not in the organisation's keys" });
  });

  it("is refused when anything is changed after signing", async () => {
    const [admin, other] = await Promise.all([newAccount("a1111111-1111-4111-8111-111111111112"), newAccount("b2222222-2222-4222-8222-222222222223")]);
    const { file } = await buildOrgKeys({ organisation: "Org", people: [served(other, "Olga"), served(admin, "Ada")], keybook: emptyKeybook, me: admin, now: new Date() });
    await parse(file);
    const tampered = structuredClone(file);
    const olga = tampered.keys.people.find((p) => p.userId === other.userId);
    if (!olga) throw new Error("Olga is missing");
    olga.displayName = "Ada";
    expect(parseOrgKeys(new TextEncoder().encode(JSON.stringify(tampered)))).toMatchObject({ ok: false });
  });

  it("leaves out someone the server serves twice with different keys", async () => {
    const [admin, a, b] = await Promise.all([
      newAccount("a1111111-1111-4111-8111-111111111113"),
      newAccount("b2222222-2222-4222-8222-222222222224"),
      newAccount("b2222222-2222-4222-8222-222222222224"),
    ]);
    const { file, left, firstSeen } = await buildOrgKeys({ organisation: "Org", people: [served(a, "Bo"), served(b, "Bo")], keybook: emptyKeybook, me: admin, now: new Date() });
    expect(left).toEqual([{ userId: a.userId, displayName: "Bo", why: "changed" }]);
    expect(firstSeen).toEqual([]);
    const parsed = await parse(file);
    expect(parsed.orgKeys.people.map((p) => p.userId)).toEqual([admin.userId]);
  });
});
