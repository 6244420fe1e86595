/**
 * `npm run bench:dashboard [cases] [perCase]`: is the deadline dashboard fast
 * with 1,000 cases × 10 deadlines? Opens the cases through the real
 * lib/cases code for one coordinator (fresh embedded database, or
 * DATABASE_URL), inserts the deadlines with really sealed details spread over
 * a year around today (about 9% already past), then times the dashboard
 * query for the list window (today + 30 days, and every open overdue one) and
 * for a month view, and the browser-side opening of the rows shown, in
 * Node's libsodium (the WebAssembly the browser runs). Prints figures; no
 * pass/fail.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const cases = Math.max(1, Number.parseInt(process.argv[2] ?? "1000", 10) || 1000);
const perCase = Math.max(1, Number.parseInt(process.argv[3] ?? "10", 10) || 10);
if (!process.env.DATABASE_URL) process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-"));

const DAY = 86_400_000;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0;

async function main() {
  const { closeDb } = await import("@/lib/db/client");
  const { newBenchCoordinator, seedDashboardCases } = await import("./bench-seed-dashboard");
  const { openKeyring, openProfile } = await import("@/lib/cases/open-case-client");
  const { listDashboard } = await import("@/lib/deadlines/queries");
  const { openDetails } = await import("@/lib/deadlines/deadlines-client");
  try {
    const coordinator = await newBenchCoordinator();
    const { actor, unlocked } = coordinator;
    const now = Date.now();

    let started = performance.now();
    await seedDashboardCases(coordinator, cases, perCase, now);
    console.log(`opened ${cases} cases with ${cases * perCase} deadlines in ${((performance.now() - started) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`);

    const today = new Date(now - (now % DAY));
    const windows = {
      "list (today + 30 days, and open overdue)": { from: today, to: new Date(today.getTime() + 31 * DAY), overdue: true },
      "month view (6 weeks)": { from: new Date(today.getTime() + 60 * DAY), to: new Date(today.getTime() + 102 * DAY), overdue: false },
    };
    for (const [name, range] of Object.entries(windows)) {
      const times: number[] = [];
      let board = await listDashboard(actor, range);
      for (let i = 0; i < 20; i++) {
        started = performance.now();
        board = await listDashboard(actor, range);
        times.push(performance.now() - started);
      }
      const kib = JSON.stringify(board).length / 1024;
      console.log(`${name}: ${board.deadlines.length} deadlines in ${board.cases.length} cases, ${kib.toFixed(0)} KiB; query p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (20 runs)`);

      started = performance.now();
      let opened = 0;
      for (const kase of board.cases) {
        const keyring = await openKeyring(kase, board.people, unlocked);
        await openProfile(kase, kase.profile, keyring);
        for (const d of board.deadlines.filter((x) => x.caseId === kase.id)) if ((await openDetails(kase.id, d.details, keyring)).ok) opened++;
        keyring.wipe();
      }
      console.log(`  verify keys + decrypt in the client: ${(performance.now() - started).toFixed(0)} ms for ${opened}/${board.deadlines.length} rows`);
    }
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
