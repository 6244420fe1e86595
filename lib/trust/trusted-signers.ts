/**
 * Which public keys this browser relies on, given what the server says and
 * what the keybook has pinned. Pure.
 *
 * Must always hold:
 * - A person whose served keys differ from their pinned keys is "changed":
 *   their PINNED keys stay the ones whose signatures count (what they signed
 *   before still verifies), the served keys count for nothing.
 * - A person with no pinned keys is "first seen": their served keys count and
 *   the caller pins them as first seen (trust on first use, shown as "not
 *   compared yet"). Sealing a case key to them still needs a confirmation
 *   (lib/cases/case-keys.ts refuses a recipient that is not pinned).
 * - Keys the server lists as someone's "former" keys are not an input: only
 *   the keybook decides which older keys still count. A pinned person the
 *   server no longer serves (reset, gone) keeps their pinned key as a signer;
 *   a key the keybook retired (replaced after a comparison) counts only for
 *   what is dated up to its retirement (`until`).
 */
import { keyStatus, type Keybook, type PinnedKey, type PublicKeysOf } from "./keybook";

export type ChangedKey = { userId: string; pinned: PinnedKey; served: PublicKeysOf };

export type TrustedPeople = {
  /** The (user id, signing key) pairs whose signatures count; a retired key only up to its `until`. */
  signers: { userId: string; signPublicKey: string; boxPublicKey: string; until?: string }[];
  /** People seen for the first time: pin them as first seen. */
  firstSeen: PublicKeysOf[];
  /** People whose served keys differ from the pinned ones: a security alert. */
  changed: ChangedKey[];
};

export function trustPeople(people: readonly PublicKeysOf[], book: Keybook): TrustedPeople {
  const result: TrustedPeople = { signers: [], firstSeen: [], changed: [] };
  for (const person of people) {
    const served = { userId: person.userId, boxPublicKey: person.boxPublicKey, signPublicKey: person.signPublicKey };
    const status = keyStatus(book, served);
    if (status.state === "changed") {
      result.changed.push({ userId: person.userId, pinned: status.pinned, served });
      result.signers.push({ userId: person.userId, signPublicKey: status.pinned.signPublicKey, boxPublicKey: status.pinned.boxPublicKey });
    } else {
      if (status.state === "unknown") result.firstSeen.push(served);
      result.signers.push({ userId: person.userId, signPublicKey: person.signPublicKey, boxPublicKey: person.boxPublicKey });
    }
  }
  // Someone the server no longer serves (reset, left the organisation): what
  // they signed with the key pinned here still counts.
  const served = new Set(people.map((p) => p.userId));
  for (const pinned of book.entries.values()) {
    if (!served.has(pinned.userId)) result.signers.push({ userId: pinned.userId, signPublicKey: pinned.signPublicKey, boxPublicKey: pinned.boxPublicKey });
    // Keys replaced here after a comparison: valid for what was signed before.
    for (const old of pinned.retired ?? []) result.signers.push({ userId: pinned.userId, signPublicKey: old.signPublicKey, boxPublicKey: old.boxPublicKey, until: old.until });
  }
  return result;
}
