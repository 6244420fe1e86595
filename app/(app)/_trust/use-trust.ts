"use client";

import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useVault } from "@/lib/account/vault";
import { emptyKeybook, keybookCodec, pinning, type Keybook, type PublicKeysOf } from "@/lib/trust/keybook";
import type { SealedDocumentSession } from "@/lib/trust/sealed-document";
import { trustPeople, type TrustedPeople } from "@/lib/trust/trusted-signers";
import { trustSessionFor } from "./trust-sessions";

type KeybookSession = SealedDocumentSession<Keybook>;

/** This account's keybook session once loaded: null while loading or locked, "failed" if the server did not answer. */
export function useKeybookSession(): KeybookSession | "failed" | null {
  const account = useVault();
  const [session, setSession] = useState<{ of: unknown; session: KeybookSession | "failed" } | null>(null);
  useEffect(() => {
    if (!account) return;
    let live = true;
    trustSessionFor(keybookCodec, account).then(
      (s) => live && setSession({ of: account, session: s }),
      () => live && setSession({ of: account, session: "failed" }),
    );
    return () => {
      live = false;
    };
  }, [account]);
  return session && session.of === account ? session.session : null;
}

const noSubscription = () => () => undefined;

/**
 * Whose signatures count among `people`, as this browser's keybook decides
 * (lib/trust/trusted-signers.ts); people seen for the first time are pinned
 * as "first seen". Null until the keybook is loaded. `signers` keeps its
 * identity while its content is the same, so effects keyed on it do not re-run.
 */
export function useTrustedPeople(people: readonly PublicKeysOf[]): (TrustedPeople & { session: KeybookSession }) | "failed" | null {
  const loaded = useKeybookSession();
  const session = loaded === "failed" ? null : loaded;
  const book = useSyncExternalStore(
    session ? (listener) => session.subscribe(listener) : noSubscription,
    () => session?.doc ?? emptyKeybook,
    () => emptyKeybook,
  );
  const trust = useMemo(() => trustPeople(people, book), [people, book]);
  const signersKey = JSON.stringify(trust.signers);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on content on purpose
  const signers = useMemo(() => trust.signers, [signersKey]);
  useEffect(() => {
    if (session && trust.firstSeen.length > 0) void session.update(pinning(trust.firstSeen, "first_seen")).catch(() => undefined);
  }, [session, trust.firstSeen]);
  if (loaded === "failed") return "failed";
  return session ? { ...trust, signers, session } : null;
}
