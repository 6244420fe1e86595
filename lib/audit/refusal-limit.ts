// How many refusals per identity reach the audit log: the first `perWindow`
// in each window, then one more when the window has passed, carrying how many
// were left out meanwhile. A signed-in non-member who requests case after case
// would otherwise write an event per request (and, before the inbox, hold the
// chain's lock for each). Per process: with N instances, up to N × perWindow.

export type RefusalVerdict = { record: false } | { record: true; suppressed: number };

export function createRefusalLimit({ perWindow = 20, windowMs = 60_000, maxIdentities = 10_000 } = {}) {
  const windows = new Map<string, { start: number; count: number; suppressed: number }>();
  return {
    admit(identity: string, now: number = Date.now()): RefusalVerdict {
      const w = windows.get(identity);
      if (!w || now - w.start >= windowMs) {
        // Bounded memory: the oldest identity goes first (Map keeps insertion order).
        if (!w && windows.size >= maxIdentities) windows.delete(windows.keys().next().value!);
        windows.set(identity, { start: now, count: 1, suppressed: 0 });
        return { record: true, suppressed: w?.suppressed ?? 0 };
      }
      if (w.count < perWindow) {
        w.count++;
        return { record: true, suppressed: 0 };
      }
      w.suppressed++;
      return { record: false };
    },
  };
}
