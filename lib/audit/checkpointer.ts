import "server-only";
import { writeCheckpointIfDue } from "./actions";

// Runs writeCheckpointIfDue every minute in the app process (its own timer:
// the reminder tick can be turned off, the checkpoints must not). The timer
// is unref'd and runs never overlap. Several instances sharing DATA_DIR may
// run it: a checkpoint file is never overwritten (checkpoints.ts).

export function startAuditCheckpointer({ intervalMs = 60_000 }: { intervalMs?: number } = {}): { stop: () => void } {
  let busy = false;
  const run = async () => {
    if (busy) return;
    busy = true;
    try {
      await writeCheckpointIfDue();
    } catch (error) {
      // Type only: messages can carry paths or query parameters.
      console.error(`[casevault] audit checkpoint failed: ${error instanceof Error ? error.name : typeof error}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  const first = setTimeout(() => void run(), Math.min(intervalMs, 5_000));
  first.unref();
  return {
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
