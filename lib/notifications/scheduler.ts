import "server-only";
import { runReminderTick, type TickCounts } from "./actions";

// Runs the reminder tick every `intervalMs` in this process. The timer is
// unref'd (it never keeps a process alive) and ticks never overlap here: a
// tick still running when the next one is due is simply not doubled. Other
// processes may tick at the same time; the database makes that harmless
// (see actions.ts). Errors are logged by type only: their messages can carry
// query parameters, i.e. data.

export type ReminderScheduler = {
  stop: () => void;
  /** Runs a tick now unless one is running; false when it was skipped. */
  tickNow: () => Promise<boolean>;
};

export function startReminderScheduler({
  intervalMs,
  now = () => new Date(),
  tick = runReminderTick,
}: {
  intervalMs: number;
  now?: () => Date;
  tick?: (now: Date) => Promise<TickCounts>;
}): ReminderScheduler {
  let busy = false;
  const tickNow = async () => {
    if (busy) return false;
    busy = true;
    try {
      await tick(now());
    } catch (error) {
      console.error(`[casevault] reminder tick failed: ${error instanceof Error ? error.name : typeof error}`);
    } finally {
      busy = false;
    }
    return true;
  };
  const timer = setInterval(() => void tickNow(), intervalMs);
  timer.unref();
  // A first tick soon after start, not a whole interval later.
  const first = setTimeout(() => void tickNow(), Math.min(intervalMs, 5_000));
  first.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
    tickNow,
  };
}
