import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// End-to-end tests run the production build (`next start`) against a fresh
// embedded database per run, or the PostgreSQL server in DATABASE_URL.
// The browser is the machine's Chromium (Playwright's own download is not
// reachable here): CHROMIUM_PATH, else /usr/bin/chromium.

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  throw new Error(
    `No Chromium at ${chromium}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary.`,
  );
}

const port = Number(process.env.E2E_PORT ?? 3100);
// Set once in the runner process; workers inherit it, so all share one folder.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "casevault-e2e-"));

export default defineConfig({
  testDir: "e2e",
  // Two app instances share one database server: the embedded database opens in one process only.
  // .ci/run runs this spec in its PostgreSQL phase.
  testIgnore: process.env.DATABASE_URL ? [] : ["**/instances.spec.ts"],
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  // On CI one retry: a test that fails once and then passes is reported as
  // flaky in the run's output (with what its pages showed: e2e/support/test.ts)
  // instead of throwing the whole run away; one that fails twice fails the run.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: true,
  // Hooks share this: a spec's beforeAll seeds a fresh database and starts a
  // private server, which takes longer than Playwright's 30 s on a busy 2-core machine.
  timeout: 90_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // A spinner left turning in a page a test did not close keeps Chromium's
    // software compositor busy for the rest of the run (most of a core here).
    reducedMotion: "reduce",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromium,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node node_modules/next/dist/bin/next start -p ${port}`,
    url: `http://localhost:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR,
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-only-secret-e2e-only-secret-000",
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    },
  },
});
