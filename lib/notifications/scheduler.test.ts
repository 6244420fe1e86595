import { afterEach, describe, expect, it, vi } from "vitest";
import type { TickCounts } from "./actions";
import { startReminderScheduler } from "./scheduler";

const counts: TickCounts = { deadlines: 0, created: 0, mailed: 0, mailFailed: 0 };

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("startReminderScheduler", () => {
  it("ticks on the interval with the clock it is given", async () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const clock = new Date("2026-12-01T00:00:00.000Z");
    const s = startReminderScheduler({ intervalMs: 60_000, now: () => clock, tick: async (now) => (seen.push(now.toISOString()), counts) });
    await vi.advanceTimersByTimeAsync(5_000); // the first tick, soon after start
    await vi.advanceTimersByTimeAsync(55_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(seen).toEqual(Array(3).fill("2026-12-01T00:00:00.000Z"));
    s.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(seen).toHaveLength(3);
  });

  it("never overlaps ticks in one process", async () => {
    let release: () => void = () => undefined;
    let running = 0;
    let maxRunning = 0;
    const tick = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => (release = resolve));
      running--;
      return counts;
    };
    const s = startReminderScheduler({ intervalMs: 3_600_000, tick });
    const first = s.tickNow();
    expect(await s.tickNow()).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(maxRunning).toBe(1);
    s.stop();
  });

  it("logs a failed tick by type only, and keeps going", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let calls = 0;
    const s = startReminderScheduler({
      intervalMs: 3_600_000,
      tick: async () => {
        calls++;
        if (calls === 1) throw new TypeError("secret CV-AAAA-AAAA marker");
        return counts;
      },
    });
    await s.tickNow();
    await s.tickNow();
    expect(calls).toBe(2);
    expect(log).toHaveBeenCalledWith("[casevault] reminder tick failed: TypeError");
    expect(JSON.stringify(log.mock.calls)).not.toContain("marker");
    s.stop();
  });
});
