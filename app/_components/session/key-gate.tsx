"use client";

import { useEffect } from "react";
import { lockVault, useVault } from "@/lib/account/vault";
import { useHydrated } from "../use-hydrated";
import { UnlockScreen } from "./unlock-screen";

const ACTIVITY = ["pointerdown", "keydown", "wheel", "touchstart", "mousemove"] as const;

/**
 * Shows the signed-in pages only while the keys are in memory, and wipes
 * them after `autoLockMinutes` without activity. The session stays: the
 * unlock screen asks for the passphrase again, not a new sign-in.
 */
export function KeyGate({ autoLockMinutes, children }: { autoLockMinutes: number; children: React.ReactNode }) {
  const account = useVault();

  // Leaving the document wipes the keys: a page kept in the back-forward
  // cache must not hold them, and one restored from it starts afresh.
  useEffect(() => {
    const onHide = () => lockVault();
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) window.location.reload();
    };
    window.addEventListener("pagehide", onHide);
    window.addEventListener("pageshow", onShow);
    return () => {
      window.removeEventListener("pagehide", onHide);
      window.removeEventListener("pageshow", onShow);
    };
  }, []);

  useEffect(() => {
    if (!account) return;
    let lastActivity = Date.now();
    const touch = () => {
      lastActivity = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, touch, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity >= autoLockMinutes * 60_000) lockVault();
    }, 5_000);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [account, autoLockMinutes]);

  // The server renders the page hidden (it holds no keys, so nothing secret
  // is in it): that way a page's "not found" still answers 404. In the
  // browser, a locked vault unmounts the page, so no decrypted text stays
  // in the document while the screen asks for the passphrase.
  const hydrated = useHydrated();
  return (
    <>
      {!account && <UnlockScreen />}
      {(account || !hydrated) && (
        <div hidden={!account} className="contents">
          {children}
        </div>
      )}
    </>
  );
}
