import "client-only";
import { useSyncExternalStore } from "react";
import { wipeAccount, type UnlockedAccount } from "@/lib/crypto/account";

// The browser's key vault. Invariants:
// - keys live only in this module's memory: never localStorage, IndexedDB,
//   sessionStorage, cookies or the URL; a reload empties it (unlock again);
// - lock() wipes the key bytes before dropping them;
// - components read it through useVault(), so a lock re-renders them into
//   the unlock screen at once.

let unlocked: UnlockedAccount | null = null;
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function storeUnlocked(account: UnlockedAccount): void {
  if (unlocked && unlocked !== account) wipeAccount(unlocked);
  unlocked = account;
  emit();
}

export function lockVault(): void {
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
