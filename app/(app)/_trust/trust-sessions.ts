"use client";

import { saveTrustDocumentAction } from "@/app/_actions/account";
import { getResult } from "@/lib/http/get-json";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { keybookCodec, pinning, type Keybook, type PublicKeysOf } from "@/lib/trust/keybook";
import { SealedDocumentSession, type DocumentCodec, type TrustDocumentServer } from "@/lib/trust/sealed-document";
import type { TrustDocumentKind } from "@/lib/trust/schema";
import { trustPeople, type TrustedPeople } from "@/lib/trust/trusted-signers";

// One session per unlocked account and document kind, in memory only: a lock
// or a different account starts new ones.

const server: TrustDocumentServer = {
  async load(kind) {
    const result = await getResult<Awaited<ReturnType<TrustDocumentServer["load"]>>>(`/api/account/trust/${kind}`);
    if (!result.ok) throw new Error(`the ${kind} could not be loaded`);
    return result.data;
  },
  async save(input) {
    const result = await saveTrustDocumentAction(input);
    return result.ok ? { ok: true, version: result.data.version } : { ok: false, conflict: result.error === "conflict" };
  },
};

/** Opens the session, trying again twice (after 1 s and 3 s) before giving up. */
async function openWithRetries<T>(codec: DocumentCodec<T>, account: UnlockedAccount): Promise<SealedDocumentSession<T>> {
  for (const wait of [1_000, 3_000]) {
    try {
      return await SealedDocumentSession.open(codec, account, server);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  return SealedDocumentSession.open(codec, account, server);
}

let account: UnlockedAccount | null = null;
const sessions = new Map<TrustDocumentKind, Promise<SealedDocumentSession<unknown>>>();

/** This account's session for `codec`'s kind (opened once; a failed load is retried by the next caller). */
export function trustSessionFor<T>(codec: DocumentCodec<T>, of: UnlockedAccount): Promise<SealedDocumentSession<T>> {
  if (account !== of) {
    account = of;
    sessions.clear();
  }
  let session = sessions.get(codec.kind) as Promise<SealedDocumentSession<T>> | undefined;
  if (!session) {
    const opening = openWithRetries(codec, of);
    session = opening;
    sessions.set(codec.kind, opening as Promise<SealedDocumentSession<unknown>>);
    opening.catch(() => {
      if (sessions.get(codec.kind) === opening) sessions.delete(codec.kind);
    });
  }
  return session;
}

/**
 * For code that loads people inside an effect (dashboard, case list): whose
 * signatures count, as the keybook decides; first-seen people are pinned.
 */
export async function trustedSignersFor(of: UnlockedAccount, people: readonly PublicKeysOf[]): Promise<TrustedPeople["signers"]> {
  const session: SealedDocumentSession<Keybook> = await trustSessionFor(keybookCodec, of);
  const trust = trustPeople(people, session.doc);
  if (trust.firstSeen.length > 0) void session.update(pinning(trust.firstSeen, "first_seen")).catch(() => undefined);
  return trust.signers;
}
