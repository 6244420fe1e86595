// Runs one reminder tick and prints its counts as JSON, e.g. from cron when
// the app's own scheduler is off (REMINDER_INTERVAL_SECONDS=0), or in tests
// as a separate process. `--now=<ISO instant>` sets the clock (default: now).
// Ticks may run anywhere at once: the database makes each reminder exist once.
// Against the embedded database it refuses while the app holds it.
import { closeDb } from "@/lib/db/client";
import { EmbeddedDatabaseBusyError } from "@/lib/db/embedded-lock";
import { runReminderTick } from "@/lib/notifications/actions";

function clockFromArgs(args: string[]): Date {
  const arg = args.find((a) => a.startsWith("--now="));
  if (!arg) return new Date();
  const now = new Date(arg.slice("--now=".length));
  if (Number.isNaN(now.getTime())) throw new RangeError("--now must be an ISO date-time, e.g. 2026-12-01T09:00:00Z");
  return now;
}

async function main() {
  const counts = await runReminderTick(clockFromArgs(process.argv.slice(2)));
  console.log(JSON.stringify(counts));
}

main()
  .catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(`Cannot run a tick while the app is running on the embedded database.\n${error.message}`);
    } else if (error instanceof RangeError) {
      console.error(error.message);
    } else {
      // The type only: messages can carry query parameters.
      console.error(`Tick failed: ${error instanceof Error ? error.name : typeof error}`);
    }
    process.exitCode = 1;
  })
  .finally(closeDb);
