// Open and migrate the database when the server starts, so a broken
// configuration or migration stops the start instead of the first request.
// Then start the deadline reminder scheduler (any number of instances may run
// it: the database makes each reminder exist once).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return; // `next build` never opens the database
  const { getDb } = await import("./lib/db/client");
  await getDb();
  const { env } = await import("./lib/env");
  const seconds = env().REMINDER_INTERVAL_SECONDS;
  if (seconds > 0) {
    const { startReminderScheduler } = await import("./lib/notifications/scheduler");
    startReminderScheduler({ intervalMs: seconds * 1000 });
  }
}
