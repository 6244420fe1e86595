/**
 * `npm run bench:dashboard [cases] [perCase]`: is the deadline dashboard fast
 * with 1,000 cases × 10 deadlines? Opens the cases through the real
 * lib/cases code for one coordinator (fresh embedded database, or
 * DATABASE_URL), inserts the deadlines with really sealed details spread over
 * a year around today (about 9% already past), then times the first page of
 * each urgency group, and measures what a first visit transfers (rows + the
 * named cases' keys and profiles) and a repeat visit (rows only: the browser
 * holds the cases opened), and the browser-side opening in Node's libsodium
 * (the WebAssembly the browser runs). Prints figures; no pass/fail.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";

const cases = Math.max(1, Number.parseInt(process.argv[2] ?? "1000", 10) || 1000);
const perCase = Math.max(1, Number.parseInt(process.argv[3] ?? "10", 10) || 10);
if (!process.env.DATABASE_URL) process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-"));

const DAY = 86_400_000;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] ?? 0;

async function main() {
  const { closeDb } = await import("@/lib/db/client");
  const { newBenchCoordinator, seedDashboardCases } = await import("./bench-seed-dashboard");
  const { openKeyring, openProfile } = await import("@/lib/cases/open-case-client");
  const { listDashboardPage } = await import("@/lib/deadlines/queries");
  const { listCaseSummaries } = await import("@/lib/cases/queries");
  const { openShown } = await import("@/lib/deadlines/deadlines-client");
  try {
    const coordinator = await newBenchCoordinator();
    const { actor, unlocked } = coordinator;
    const now = Date.now();

    let started = performance.now();
    await seedDashboardCases(coordinator, cases, perCase, now);
    console.log(`opened ${cases} cases with ${cases * perCase} deadlines in ${((performance.now() - started) / 1000).toFixed(1)} s (${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"})`);

    // The urgency list's four groups as the page asks for them (app/(app)/_dashboard/dashboard-list.tsx), first page each.
    const at = (days: number) => new Date(now + days * DAY);
    const groups = {
      overdue: { to: at(0) },
      today: { from: at(0), to: at(1) },
      week: { from: at(1), to: at(7) },
      month: { from: at(7), to: at(30) },
    };
    const kib = (value: unknown) => Buffer.byteLength(JSON.stringify(value)) / 1024;
    // As a browser receives it: `next start` compresses answers with gzip.
    const gzipKib = (value: unknown) => gzipSync(JSON.stringify(value)).length / 1024;
    const pages = [];
    for (const [name, range] of Object.entries(groups)) {
      const query = { ...range, open: true, limit: 50 };
      const times: number[] = [];
      let page = await listDashboardPage(actor, query);
      for (let i = 0; i < 20; i++) {
        started = performance.now();
        page = await listDashboardPage(actor, query);
        times.push(performance.now() - started);
      }
      pages.push(page);
      console.log(`${name}: ${page.deadlines.length} of ${page.total} rows in ${page.cases.length} cases, ${kib(page).toFixed(0)} KiB; query p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms (20 runs)`);
    }
    // The first visit also fetches the keys and profiles of the cases named (once each); a repeat visit holds them opened.
    const caseIds = [...new Set(pages.flatMap((p) => p.cases.map((c) => c.id)))];
    const summaries = [];
    for (let i = 0; i < caseIds.length; i += 100) summaries.push(await listCaseSummaries(actor, caseIds.slice(i, i + 100)));
    const rowsKib = pages.reduce((sum, p) => sum + kib(p), 0);
    const firstKib = rowsKib + summaries.reduce((sum, s) => sum + kib(s), 0);
    const rowsGzipKib = pages.reduce((sum, p) => sum + gzipKib(p), 0);
    const firstGzipKib = rowsGzipKib + summaries.reduce((sum, s) => sum + gzipKib(s), 0);

    started = performance.now();
    let opened = 0;
    const keyrings = new Map<string, Awaited<ReturnType<typeof openKeyring>>>();
    for (const list of summaries)
      for (const kase of list.cases) {
        const keyring = await openKeyring(kase, list.people, unlocked);
        await openProfile(kase, kase.profile, keyring);
        keyrings.set(kase.id, keyring);
      }
    const keysMs = performance.now() - started;
    const rows = pages.flatMap((p) => p.deadlines);
    for (const d of rows) if ((await openShown(d, keyrings.get(d.caseId)!)).ok) opened++;
    const totalMs = performance.now() - started;
    for (const keyring of keyrings.values()) keyring.wipe();
    console.log(`first visit: ${caseIds.length} cases' keys verified in ${keysMs.toFixed(0)} ms, ${opened}/${rows.length} rows decrypted, ${totalMs.toFixed(0)} ms in all (Node's libsodium)`);
    console.log(`bench dashboard first_payload_kb ${firstKib.toFixed(1)}`);
    console.log(`bench dashboard repeat_payload_kb ${rowsKib.toFixed(1)}`);
    console.log(`bench dashboard first_payload_gzip_kb ${firstGzipKib.toFixed(1)}`);
    console.log(`bench dashboard repeat_payload_gzip_kb ${rowsGzipKib.toFixed(1)}`);
    console.log(`bench dashboard first_open_ms ${totalMs.toFixed(0)}`);
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
