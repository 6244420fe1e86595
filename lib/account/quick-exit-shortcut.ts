// The keyboard shortcut for quick exit, as a pure decision so it can be
// tested without a browser. Shift+Escape leaves at once. Plain Escape leaves
// only when pressed three times within ESCAPE_WINDOW_MS while nothing else
// uses it: an Escape that closes an overlay (dialog, menu, list) or clears a
// search field resets the count, so closing a dialog with quick Escapes never
// throws a person out of their work (issue 14).

export const ESCAPE_PRESSES = 3;
export const ESCAPE_WINDOW_MS = 1500;

export type EscapeKey = { key: string; shiftKey: boolean; timeStamp: number; usedByPage: boolean };

/** Keeps the recent counted Escape presses; `press` says whether this key means "quick exit now". */
export function createQuickExitShortcut() {
  let presses: number[] = [];
  return {
    press(event: EscapeKey): boolean {
      if (event.key !== "Escape") return false;
      if (event.shiftKey) return true;
      if (event.usedByPage) {
        presses = [];
        return false;
      }
      presses = [...presses.filter((t) => event.timeStamp - t < ESCAPE_WINDOW_MS), event.timeStamp];
      if (presses.length < ESCAPE_PRESSES) return false;
      presses = [];
      return true;
    },
  };
}
