import "client-only";
import { useSyncExternalStore } from "react";
import { wipeAccount, type UnlockedAccount } from "@/lib/crypto/account";

// The browser's key vault. Invariants:
// - keys live only in this module's memory: never localStorage, IndexedDB,
//   sessionStorage, cookies or the URL; a reload empties it (unlock again);
// - lock() wipes the key bytes before dropping them, and has every module
//   that keeps keys opened with them wipe those too (onVaultLock);
// - components read it through useVault(), so a lock re-renders them into
//   the unlock screen at once.

let unlocked: UnlockedAccount | null = null;
const listeners = new Set<() => void>();
const lockListeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function storeUnlocked(account: UnlockedAccount): void {
  if (unlocked && unlocked !== account) wipeAccount(unlocked);
  unlocked = account;
  emit();
}

/** `wipe` runs at every lock, before the listeners re-render: for modules that keep keys opened with the account's (lib/cases/opened-cases.ts). */
export function onVaultLock(wipe: () => void): void {
  lockListeners.add(wipe);
}

export function lockVault(): void {
  for (const wipe of lockListeners) wipe();
  if (unlocked) wipeAccount(unlocked);
  unlocked = null;
  emit();
}

export function currentAccount(): UnlockedAccount | null {
  return unlocked;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useVault(): UnlockedAccount | null {
  return useSyncExternalStore(subscribe, currentAccount, () => null);
}
