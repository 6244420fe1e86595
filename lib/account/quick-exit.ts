import "client-only";
import { lockVault } from "./vault";

// Quick exit: for someone who must hide the screen now. Wipes the keys,
// ends every session on the server (a beacon survives the page going away),
// and replaces this history entry with a neutral page.
export const NEUTRAL_PAGE = "/exit";

export function quickExit(): void {
  lockVault();
  try {
    navigator.sendBeacon("/api/auth/quick-exit");
  } catch {
    /* the page is leaving either way; the session also times out */
  }
  try {
    sessionStorage.clear();
  } catch {
    /* storage may be disabled */
  }
  window.location.replace(NEUTRAL_PAGE);
}
