/**
 * `npm run bench:load [cases] [perCase]` (default 1,000 × 10): the dashboard's
 * data under concurrent load, over real HTTP with a signed-in session
 * (issue 15's targets).
 *
 * A fresh database (an embedded folder in a temp directory, or a fresh
 * database on DATABASE_URL's server), seeded in this process through the real
 * lib code (scripts/bench-seed-dashboard.ts: one coordinator on every case)
 * and closed again; the production build (built first if the sources
 * changed) started on it with REMINDER_INTERVAL_SECONDS=0 (no reminder tick
 * writing in the middle of a run; the audit sealer runs as in production);
 * the coordinator signed in through the real sign-in page in headless
 * Chromium, whose session cookie is then used by autocannon. The browser is
 * closed before the load starts: its dashboard decrypting would share the CPU.
 *
 * For 1, 10 and 50 connections, 10 s each, health then dashboard:
 * GET /api/health and GET /api/dashboard with the list page's widest question
 * (the first page, 50 rows, of the open deadlines due in the next 30 days). Both
 * with `Accept-Encoding: gzip`, as a browser sends. Latency percentiles are
 * computed from every response's time (autocannon's own summary has no p95);
 * req/s counts 2xx answers only. Non-2xx answers and connection errors or
 * timeouts are counted and printed: a run with any is not a good figure; nor
 * is one with fewer than two answers per connection (the percentiles then
 * cover only the answers that came back in time). After each dashboard run
 * the bench waits until the server has answered what is still queued, so the
 * next run does not measure that backlog.
 *
 * Human-readable lines first, then `bench load <name> <metric> <value>` and
 * `bench load dashboard_page_kb <value>` (the JSON body, KiB, before
 * compression). Figures only; no pass/fail. Cleans up: server stopped, temp
 * folder removed, PostgreSQL database dropped.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import pg from "pg";
import { signedInPage } from "../e2e/support/flows";
import { databaseEnv, freshDatabase, startServer, type AppServer, type TestDatabase } from "../e2e/support/server";

const cases = Math.max(1, Number.parseInt(process.argv[2] ?? "1000", 10) || 1000);
const perCase = Math.max(1, Number.parseInt(process.argv[3] ?? "10", 10) || 10);
const CONNECTIONS = [1, 10, 50] as const;
const SECONDS = 10;
const DAY = 86_400_000;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

type Run = { p50: number; p95: number; p99: number; rps: number; ok: number; non2xx: number; errors: number; timeouts: number; unfinished: number; statuses: string };

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

/** The production build, made first when the sources changed (as `npm start` and the e2e run do). */
function buildIfNeeded(): void {
  const built = spawnSync(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" });
  if (built.status !== 0) throw new Error("next build failed");
}

/** Seeds the coordinator and the cases in this process, then closes the database so the server can own it. */
async function seed(database: TestDatabase, passphrase: string): Promise<{ email: string; secret: string }> {
  // The lib modules read the environment on first use: point it at the fresh database before importing them.
  for (const [name, value] of Object.entries(databaseEnv(database))) {
    if (value) process.env[name] = value;
    else delete process.env[name];
  }
  const { closeDb } = await import("@/lib/db/client");
  const { releaseEmbeddedLock } = await import("@/lib/db/embedded-lock");
  const { newBenchCoordinator, seedDashboardCases } = await import("./bench-seed-dashboard");
  try {
    const started = performance.now();
    const coordinator = await newBenchCoordinator({ passphrase });
    await seedDashboardCases(coordinator, cases, perCase);
    console.log(`seeded ${cases} cases × ${perCase} deadlines in ${((performance.now() - started) / 1000).toFixed(1)} s (${database.kind === "postgres" ? "PostgreSQL" : "embedded PGlite"})`);
    if (!coordinator.totpSecret) throw new Error("the coordinator has no second factor");
    return { email: coordinator.email, secret: coordinator.totpSecret };
  } finally {
    await closeDb();
    // The embedded lock outlives closeDb (it is released at exit): the server about to start must get it.
    if (database.kind === "pglite") releaseEmbeddedLock(database.dataDir);
  }
}

/**
 * Signs in through the real page in headless Chromium; returns the session's
 * Cookie header, and how long unlock → decrypted dashboard takes: the page is
 * reloaded (keys gone), the passphrase entered, and the clock runs from the
 * Unlock click until every urgency group has its first page decrypted
 * (`aria-busy="false"`). The browser is closed after.
 */
async function sessionCookie(server: AppServer, account: { email: string; passphrase: string; secret: string }): Promise<{ cookie: string; unlockMs: number }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await signedInPage(browser, server.baseURL, account);
    const cookies = await page.context().cookies(server.baseURL);
    if (cookies.length === 0) throw new Error("signed in, but the browser holds no cookie");
    await page.reload();
    await page.getByRole("textbox", { name: "Passphrase", exact: true }).fill(account.passphrase);
    const started = performance.now();
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="bucket-"][aria-busy="false"]').length === 4, null, { timeout: 120_000, polling: 50 });
    const unlockMs = performance.now() - started;
    return { cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; "), unlockMs };
  } finally {
    await browser.close();
  }
}

/** `connections` clients on `url` for SECONDS seconds; every response's time kept for the percentiles. */
async function load(url: string, connections: number, headers: Record<string, string>): Promise<Run> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: SECONDS, headers, timeout: 30 }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, _status, _bytes, ms) => times.push(ms));
  });
  times.sort((a, b) => a - b);
  const statuses = Object.entries(result.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}×${count ?? 0}`)
    .join(" ");
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: result["2xx"] / result.duration,
    ok: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    // In flight when the time was up (at most one per connection): not in the percentiles.
    unfinished: Math.max(0, result.requests.sent - result["2xx"] - result.non2xx - result.errors),
    statuses,
  };
}

/** One dashboard answer: its JSON size, and what it costs on the wire gzipped. */
async function firstPayload(url: string, cookie: string): Promise<{ bytes: number; gzipBytes: number; deadlines: number; cases: number }> {
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`GET /api/dashboard answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  if (response.headers.get("cache-control") !== "no-store") throw new Error("GET /api/dashboard is not no-store");
  const body = Buffer.from(await response.arrayBuffer());
  const board = JSON.parse(body.toString("utf8")) as { deadlines: unknown[]; cases: unknown[] };
  return { bytes: body.length, gzipBytes: gzipSync(body).length, deadlines: board.deadlines.length, cases: board.cases.length };
}

/** One more dashboard request, answered only once those queued before it are (up to 5 minutes). */
async function drain(url: string, cookie: string): Promise<void> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(300_000) });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (ms > 2_000) console.log(`  (the server took ${fixed(ms / 1000)} s to finish the requests still queued)`);
}

async function dropDatabase(database: TestDatabase): Promise<void> {
  if (database.kind !== "postgres") return;
  const name = decodeURIComponent(new URL(database.ownerUrl).pathname.slice(1));
  const admin = new URL(database.ownerUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function main() {
  buildIfNeeded();
  const database = await freshDatabase();
  let server: AppServer | undefined;
  try {
    const passphrase = `bench ${randomBytes(12).toString("hex")} load`;
    const { email, secret } = await seed(database, passphrase);
    server = await startServer(database, { REMINDER_INTERVAL_SECONDS: "0" });
    const { cookie, unlockMs } = await sessionCookie(server, { email, passphrase, secret });
    console.log(`unlock → decrypted dashboard (headless Chromium, ${cases} cases × ${perCase}): ${fixed(unlockMs, 0)} ms`);

    const now = new Date();
    const query = new URLSearchParams({ from: now.toISOString(), to: new Date(now.getTime() + 30 * DAY).toISOString(), open: "1", limit: "50" });
    const dashboardUrl = `${server.baseURL}/api/dashboard?${query}`;
    const healthUrl = `${server.baseURL}/api/health`;

    const first = await firstPayload(dashboardUrl, cookie);
    const firstKb = first.bytes / 1024;
    console.log(`dashboard answer: ${first.deadlines} deadlines in ${first.cases} cases, ${fixed(firstKb)} KiB JSON (${fixed(first.gzipBytes / 1024)} KiB gzipped)`);

    const headers = { cookie, "accept-encoding": "gzip" };
    const machine: string[] = [];
    for (const connections of CONNECTIONS) {
      const health = await load(healthUrl, connections, headers);
      const dashboard = await load(dashboardUrl, connections, headers);
      // The clients are gone but the server still works through what they sent: wait until it has, or the next run measures the backlog.
      await drain(dashboardUrl, cookie);
      for (const [name, run] of [["health", health], ["dashboard", dashboard]] as const) {
        // Fewer than two answers per connection: the answers are slower than the run is long, and the
        // percentiles only cover the ones that came back (the rest were still in flight).
        const tooSlow = run.ok + run.non2xx < 2 * connections;
        const bad = run.non2xx + run.errors > 0 || tooSlow;
        console.log(
          `${name.padEnd(9)} c${String(connections).padEnd(2)}: ${fixed(run.rps)} req/s (2xx), p50 ${fixed(run.p50, 0)} ms, p95 ${fixed(run.p95, 0)} ms, p99 ${fixed(run.p99, 0)} ms; ` +
            `${run.ok} ok, ${run.non2xx} non-2xx, ${run.errors} errors (${run.timeouts} timeouts), ${run.unfinished} in flight at the end [${run.statuses}]${bad ? `  <- NOT A GOOD FIGURE${tooSlow ? " (too slow to measure in this run)" : ""}` : ""}`,
        );
        const key = `${name}_c${connections}`;
        machine.push(`bench load ${key} p95_ms ${fixed(run.p95, 1)}`, `bench load ${key} rps ${fixed(run.rps, 1)}`, `bench load ${key} non2xx ${run.non2xx}`, `bench load ${key} errors ${run.errors}`, `bench load ${key} unfinished ${run.unfinished}`);
      }
      const ratio = dashboard.p95 / health.p95;
      console.log(`dashboard ÷ health p95 at c${connections}: ${fixed(ratio, 2)}×`);
      machine.push(`bench load dashboard_c${connections} p95_ratio ${fixed(ratio, 2)}`);
    }
    console.log("");
    for (const line of machine) console.log(line);
    console.log(`bench load dashboard_page_kb ${fixed(firstKb, 1)}`);
    console.log(`bench unlock coordinator_${cases} ms ${fixed(unlockMs, 0)}`);
  } finally {
    await server?.stop();
    await dropDatabase(database).catch((error: unknown) => console.error(`could not drop the bench database: ${error instanceof Error ? error.message : String(error)}`));
    fs.rmSync(database.dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
