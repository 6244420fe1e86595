// Removes unfinished evidence uploads untouched for UPLOAD_STALE_HOURS
// (default 48) — their parts, blobs and sealed metadata — and prints the
// count as JSON, e.g. from cron. `--now=<ISO instant>` sets the clock
// (default: now). Safe to run while the app runs on PostgreSQL; against the
// embedded database it refuses while the app holds it.
import { cleanUpStaleUploads } from "@/lib/evidence/actions/cleanup";
import { runPeriodicTask } from "./periodic-task";

runPeriodicTask(cleanUpStaleUploads, { doing: "clean up", name: "Cleanup" });
