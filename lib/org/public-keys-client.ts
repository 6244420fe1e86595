/**
 * Builds keys.json, the organisation's public keys as the admin hands them to
 * a court (format and checks: lib/bundles/verify/org-keys.mjs), in the admin's
 * browser, signed with the admin's own signing key.
 *
 * Must always hold:
 * - Only keys this browser's keybook vouches for go in (docs/design.md,
 *   "Pinned contacts"): a person whose served keys equal the pinned ones, as
 *   pinned ("compared" or "first_seen"); a person never seen before, as
 *   "first_seen" (the caller pins them, as for any other first sight). A
 *   person whose served keys differ from the pinned ones is LEFT OUT and
 *   reported: the admin compares safety numbers first. The server's word is
 *   never enough to name someone to a court.
 * - The admin is listed with their own keys (from the unlocked account, not
 *   from the server) as "self".
 * - Retired keys come only from the keybook's `retired` entries.
 */
import "client-only";
import type { OrgKeys, OrgKeysFile, OrgKeysPerson } from "@/lib/bundles/verify/org-keys.mjs";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { signCanonical } from "@/lib/crypto/signatures";
import { keyStatus, type Keybook, type PublicKeysOf } from "@/lib/trust/keybook";

/** A person's public keys and name as the server serves them. */
export type ServedPerson = PublicKeysOf & { displayName: string };

/** Someone not in the file, and why. */
export type LeftOut = { userId: string; displayName: string; why: "changed" };

export type BuiltOrgKeys = {
  file: OrgKeysFile;
  left: LeftOut[];
  /** People seen for the first time: the caller pins them as first seen. */
  firstSeen: PublicKeysOf[];
};

const byUserId = (a: { userId: string }, b: { userId: string }) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);

export async function buildOrgKeys({
  organisation,
  people,
  keybook,
  me,
  now,
}: {
  organisation: string;
  people: readonly ServedPerson[];
  keybook: Keybook;
  me: UnlockedAccount;
  now: Date;
}): Promise<BuiltOrgKeys> {
  const mine = { boxPublicKey: toBase64url(me.keys.x25519.publicKey), signPublicKey: toBase64url(me.keys.ed25519.publicKey) };
  const myName = people.find((p) => p.userId === me.userId)?.displayName ?? me.userId;
  const listed: OrgKeysPerson[] = [{ userId: me.userId, displayName: myName, ...mine, verified: "self" }];
  const left: LeftOut[] = [];
  const firstSeen: PublicKeysOf[] = [];

  // A person served twice with different keys is a server contradicting itself: left out like a change.
  const served = new Map<string, ServedPerson | "conflict">();
  for (const p of people) {
    if (p.userId === me.userId) continue;
    const seen = served.get(p.userId);
    if (seen === undefined) served.set(p.userId, p);
    else if (seen !== "conflict" && (seen.boxPublicKey !== p.boxPublicKey || seen.signPublicKey !== p.signPublicKey)) served.set(p.userId, "conflict");
  }

  for (const [userId, person] of served) {
    if (person === "conflict") {
      left.push({ userId, displayName: people.find((p) => p.userId === userId)?.displayName ?? userId, why: "changed" });
      continue;
    }
    const keys = { userId, boxPublicKey: person.boxPublicKey, signPublicKey: person.signPublicKey };
    const status = keyStatus(keybook, keys);
    if (status.state === "changed") {
      left.push({ userId, displayName: person.displayName, why: "changed" });
      continue;
    }
    const entry: OrgKeysPerson = { userId, displayName: person.displayName, boxPublicKey: keys.boxPublicKey, signPublicKey: keys.signPublicKey, verified: "first_seen" };
    if (status.state === "pinned") {
      entry.verified = status.pinned.verified;
      const retired = (status.pinned.retired ?? []).filter((r) => r.signPublicKey !== keys.signPublicKey);
      if (retired.length > 0) entry.retired = retired.map(({ boxPublicKey, signPublicKey, until }) => ({ boxPublicKey, signPublicKey, until }));
    } else {
      firstSeen.push(keys);
    }
    listed.push(entry);
  }

  listed.sort(byUserId);
  left.sort(byUserId);
  const keys: OrgKeys = {
    type: "casevault.org-keys.v1",
    organisation,
    exportedAt: now.toISOString(),
    exportedBy: { userId: me.userId, displayName: myName, ...mine },
    people: listed,
  };
  const signature = toBase64url(await signCanonical(keys, me.keys.ed25519.privateKey));
  return { file: { format: "casevault-keys/1", keys, signature }, left, firstSeen };
}

/** keys.json's bytes as saved: pretty-printed UTF-8 JSON (the signature covers the canonical form of `keys`). */
export function orgKeysBlob(file: OrgKeysFile): Blob {
  return new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: "application/json" });
}
