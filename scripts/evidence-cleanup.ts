// Removes unfinished evidence uploads untouched for UPLOAD_STALE_HOURS
// (default 48) — their parts, blobs and sealed metadata — and prints the
// count as JSON, e.g. from cron. `--now=<ISO instant>` sets the clock
// (default: now). Safe to run while the app runs on PostgreSQL; against the
// embedded database it refuses while the app holds it.
import { closeDb } from "@/lib/db/client";
import { EmbeddedDatabaseBusyError } from "@/lib/db/embedded-lock";
import { cleanUpStaleUploads } from "@/lib/evidence/actions/cleanup";

function clockFromArgs(args: string[]): Date {
  const arg = args.find((a) => a.startsWith("--now="));
  if (!arg) return new Date();
  const now = new Date(arg.slice("--now=".length));
  if (Number.isNaN(now.getTime())) throw new RangeError("--now must be an ISO date-time, e.g. 2026-12-01T09:00:00Z");
  return now;
}

async function main() {
  const counts = await cleanUpStaleUploads(clockFromArgs(process.argv.slice(2)));
  console.log(JSON.stringify(counts));
}

main()
  .catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(`Cannot clean up while the app is running on the embedded database.\n${error.message}`);
    } else if (error instanceof RangeError) {
      console.error(error.message);
    } else {
      // The type only: messages can carry query parameters.
      console.error(`Cleanup failed: ${error instanceof Error ? error.name : typeof error}`);
    }
    process.exitCode = 1;
  })
  .finally(closeDb);
