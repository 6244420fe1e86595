// Open and migrate the database when the server starts, so a broken
// configuration or migration stops the start instead of the first request.
// Then start the periodic tick: deadline reminders, and removal of evidence
// uploads abandoned for UPLOAD_STALE_HOURS (lib/system/server-start.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return; // `next build` never opens the database
  const { startServer } = await import("./lib/system/server-start");
  await startServer();
}
