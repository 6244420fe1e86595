/**
 * The keybook: the public keys of every colleague this user has relied on,
 * pinned in the user's own browser (trust on first use, verified by
 * comparing safety numbers). The server stores it only as ciphertext sealed
 * under the account key (sealed-document.ts), so it can neither read nor edit it.
 *
 * Must always hold (docs/design.md, "Pinned contacts"):
 * - A key is "pinned" only when BOTH public keys equal the pinned ones; any
 *   difference is "changed", never silently replaced.
 * - pinKey never overwrites a different pinned key unless the caller says the
 *   person's safety number was compared (`compared`): a changed key is
 *   re-pinned only by a human decision.
 * - Pure data: no I/O, no keys that open anything.
 */
import { z } from "zod";
import { base64urlOfBytes } from "@/lib/encoding/base64url";

export type KeyVerification = "first_seen" | "compared";

/** A colleague's public keys as the server (or the keybook) states them. */
export type PublicKeysOf = { userId: string; boxPublicKey: string; signPublicKey: string };

/** Keys a person held before the ones pinned now: they count only for what was signed up to `until` (ISO). */
export type RetiredKey = { boxPublicKey: string; signPublicKey: string; until: string };

export type PinnedKey = PublicKeysOf & {
  verified: KeyVerification;
  /** Keys this person held before, replaced here after a comparison (oldest first). */
  retired?: RetiredKey[];
  /** ISO instant the key was first pinned (or re-pinned after a change). */
  pinnedAt: string;
  /** ISO instant of the last comparison in person, when `verified` is "compared". */
  comparedAt?: string;
};

export type Keybook = { readonly entries: ReadonlyMap<string, PinnedKey> };

export type KeyStatus =
  | { state: "pinned"; pinned: PinnedKey }
  | { state: "unknown" }
  | { state: "changed"; pinned: PinnedKey };

export const emptyKeybook: Keybook = { entries: new Map() };

const b64 = base64urlOfBytes(32);
const pinnedKeySchema = z.strictObject({
  userId: z.string().min(1).max(128),
  boxPublicKey: b64,
  signPublicKey: b64,
  verified: z.enum(["first_seen", "compared"]),
  pinnedAt: z.iso.datetime(),
  comparedAt: z.iso.datetime().optional(),
  retired: z.array(z.strictObject({ boxPublicKey: b64, signPublicKey: b64, until: z.iso.datetime() })).max(50).optional(),
});
const keybookWireSchema = z.strictObject({
  type: z.literal("casevault.keybook.v1"),
  entries: z.array(pinnedKeySchema).max(100_000),
});

export function sameKeys(a: PublicKeysOf, b: PublicKeysOf): boolean {
  return a.userId === b.userId && a.boxPublicKey === b.boxPublicKey && a.signPublicKey === b.signPublicKey;
}

export function keyStatus(book: Keybook, keys: PublicKeysOf): KeyStatus {
  const pinned = book.entries.get(keys.userId);
  if (!pinned) return { state: "unknown" };
  return sameKeys(pinned, keys) ? { state: "pinned", pinned } : { state: "changed", pinned };
}

/**
 * The keybook with `keys` pinned. An unknown key is pinned as `verified`; a
 * pinned key is upgraded to "compared" when compared; a CHANGED key is
 * replaced only when `verified` is "compared" (else the book is returned as
 * is), and the replaced keys are kept as retired, valid for what was signed
 * until now: the person's older signatures keep verifying, newer ones made
 * with the old key do not.
 */
export function pinKey(book: Keybook, keys: PublicKeysOf, verified: KeyVerification, now: Date): Keybook {
  const status = keyStatus(book, keys);
  const at = now.toISOString();
  let entry: PinnedKey;
  if (status.state === "pinned") {
    if (verified === "first_seen") return book;
    entry = { ...status.pinned, verified: "compared", comparedAt: at };
  } else if (status.state === "changed" && verified !== "compared") {
    return book;
  } else {
    const { userId, boxPublicKey, signPublicKey } = keys;
    const old = status.state === "changed" ? status.pinned : null;
    const retired = old ? [...(old.retired ?? []), { boxPublicKey: old.boxPublicKey, signPublicKey: old.signPublicKey, until: at }] : [];
    entry = { userId, boxPublicKey, signPublicKey, verified, pinnedAt: at, ...(verified === "compared" ? { comparedAt: at } : {}), ...(retired.length ? { retired } : {}) };
  }
  const entries = new Map(book.entries);
  entries.set(keys.userId, entry);
  return { entries };
}

/**
 * Two copies of the same user's keybook (two tabs saved at once): every
 * entry of either; for a person in both with different keys, the later pin
 * wins (both copies were written by this user's own browsers).
 */
export function mergeKeybooks(a: Keybook, b: Keybook): Keybook {
  const entries = new Map(a.entries);
  for (const [userId, theirs] of b.entries) {
    const ours = entries.get(userId);
    if (!ours) entries.set(userId, theirs);
    else {
      const winner = sameKeys(ours, theirs) ? (ours.verified === "compared" ? ours : theirs) : theirs.pinnedAt > ours.pinnedAt ? theirs : ours;
      entries.set(userId, withRetired(winner, [...(ours.retired ?? []), ...(theirs.retired ?? [])]));
    }
  }
  return { entries };
}

/** `entry` with every retired key either copy knew (once each, the earliest end kept), never its own current key. */
function withRetired(entry: PinnedKey, retired: RetiredKey[]): PinnedKey {
  const byKey = new Map<string, RetiredKey>();
  for (const r of retired) {
    if (r.signPublicKey === entry.signPublicKey && r.boxPublicKey === entry.boxPublicKey) continue;
    const key = `${r.boxPublicKey}.${r.signPublicKey}`;
    const seen = byKey.get(key);
    if (!seen || r.until < seen.until) byKey.set(key, r);
  }
  const list = [...byKey.values()].sort((x, y) => (x.until < y.until ? -1 : x.until > y.until ? 1 : 0));
  const rest: PinnedKey = { ...entry };
  delete rest.retired;
  return list.length ? { ...rest, retired: list } : rest;
}

/** The plain JSON value sealed under the account key (entries sorted by user id). */
export function keybookToJson(book: Keybook) {
  const entries = [...book.entries.values()].sort((x, y) => (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0));
  return { type: "casevault.keybook.v1" as const, entries };
}

/** Parses an opened keybook; anything malformed throws (the caller reports it as damaged). */
export function keybookFromJson(value: unknown): Keybook {
  const parsed = keybookWireSchema.parse(value);
  const entries = new Map<string, PinnedKey>();
  for (const entry of parsed.entries) {
    if (entries.has(entry.userId)) throw new Error("a person is pinned twice");
    entries.set(entry.userId, entry);
  }
  return { entries };
}

/** A keybook with each of `people` pinned as compared: the book of a browser that has checked them all (seed scripts, tests). */
export function pinnedKeybook(people: readonly PublicKeysOf[], now = new Date()): Keybook {
  return people.reduce((book, keys) => pinKey(book, keys, "compared", now), emptyKeybook);
}

/** How the keybook is stored as a sealed trust document. */
export const keybookCodec = {
  kind: "keybook" as const,
  empty: emptyKeybook,
  toJson: keybookToJson,
  fromJson: keybookFromJson,
  merge: mergeKeybooks,
};

/** The change that pins each of `keys` (for SealedDocumentSession.update). */
export function pinning(keys: readonly PublicKeysOf[], verified: KeyVerification, now = new Date()): (book: Keybook) => Keybook {
  return (book) => keys.reduce((b, k) => pinKey(b, k, verified, now), book);
}
