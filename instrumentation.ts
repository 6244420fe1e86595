// Open and migrate the database when the server starts, so a broken
// configuration or migration stops the start instead of the first request.
// Then start the periodic tick (any number of instances may run it: the
// database makes each reminder exist once): deadline reminders, and removal
// of evidence uploads abandoned for UPLOAD_STALE_HOURS.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return; // `next build` never opens the database
  // Oversize bodies are refused before Next buffers them (see lib/security/early-body-check.ts).
  const { installEarlyBodyCheck } = await import("./lib/security/early-body-check");
  installEarlyBodyCheck();
  const { getDb } = await import("./lib/db/client");
  await getDb();
  const { env } = await import("./lib/env");
  const seconds = env().REMINDER_INTERVAL_SECONDS;
  if (seconds > 0) {
    const { startReminderScheduler } = await import("./lib/notifications/scheduler");
    const { runReminderTick } = await import("./lib/notifications/actions");
    const { cleanUpStaleUploads } = await import("./lib/evidence/actions/cleanup");
    startReminderScheduler({
      intervalMs: seconds * 1000,
      tick: async (now) => {
        await cleanUpStaleUploads(now);
        return runReminderTick(now);
      },
    });
  }
}
