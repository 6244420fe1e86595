// Runs one reminder tick and prints its counts as JSON, e.g. from cron when
// the app's own scheduler is off (REMINDER_INTERVAL_SECONDS=0), or in tests
// as a separate process. `--now=<ISO instant>` sets the clock (default: now).
// Ticks may run anywhere at once: the database makes each reminder exist once.
// Against the embedded database it refuses while the app holds it.
import { runReminderTick } from "@/lib/notifications/actions";
import { runPeriodicTask } from "./periodic-task";

runPeriodicTask(runReminderTick, { doing: "run a tick", name: "Tick" });
