// The command-line shell of a periodic task (npm run reminders:tick,
// evidence:cleanup): reads `--now=<ISO instant>` (default: now), runs the task
// once, prints its counts as JSON, and closes the database. A failure prints
// its type only (messages can carry query parameters) and exits 1.
import { closeDb } from "@/lib/db/client";
import { EmbeddedDatabaseBusyError } from "@/lib/db/embedded-lock";

function clockFromArgs(args: string[]): Date {
  const arg = args.find((a) => a.startsWith("--now="));
  if (!arg) return new Date();
  const now = new Date(arg.slice("--now=".length));
  if (Number.isNaN(now.getTime())) throw new RangeError("--now must be an ISO date-time, e.g. 2026-12-01T09:00:00Z");
  return now;
}

/** `doing` completes "Cannot … while the app is running"; `name` starts "… failed". */
export function runPeriodicTask(task: (now: Date) => Promise<unknown>, words: { doing: string; name: string }): void {
  (async () => console.log(JSON.stringify(await task(clockFromArgs(process.argv.slice(2))))))()
    .catch((error: unknown) => {
      if (error instanceof EmbeddedDatabaseBusyError) {
        console.error(`Cannot ${words.doing} while the app is running on the embedded database.\n${error.message}`);
      } else if (error instanceof RangeError) {
        console.error(error.message);
      } else {
        console.error(`${words.name} failed: ${error instanceof Error ? error.name : typeof error}`);
      }
      process.exitCode = 1;
    })
    .finally(closeDb);
}
