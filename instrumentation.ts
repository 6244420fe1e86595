// Open and migrate the database when the server starts, so a broken
// configuration or migration stops the start instead of the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return; // `next build` never opens the database
  const { getDb } = await import("./lib/db/client");
  await getDb();
}
