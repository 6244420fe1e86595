import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { withSql } from "./support/db-sql";
import { signedInPage } from "./support/flows";
import { startS3rverProcess } from "./support/s3rver";
import { runScript, seedDemo, type SeededAccount } from "./support/seed";
import { freshDatabase, startServer, type AppServer, type TestDatabase } from "./support/server";
import { dropDatabase } from "./support/template-db";

// Several app instances (docs/operations.md, "Several app instances"; issue
// 15 point 4): two production servers on one PostgreSQL database and one S3
// store (s3rver), behind a round-robin proxy in this test — every request
// goes to the other instance than the one before, and an upload's parts to
// each in turn. Sign-in on one serves the session on both; an upload's parts
// land on both and the file comes back whole; both run the reminder tick
// each second and every reminder exists once; both run the audit sealer and
// the chain verifies from event 1. Runs in CI's PostgreSQL phase (.ci/run):
// the embedded database is one process's only (playwright.config.ts).

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ baseURL: undefined });

type Served = { method: string; path: string; backend: number; status: number };

/** A proxy on a loopback port sending each request to the next backend in turn (part uploads in their own turn). */
async function roundRobinProxy(backends: () => number[]) {
  const served: Served[] = [];
  let next = 0;
  let nextPart = 0;
  const server = http.createServer((request, response) => {
    const ports = backends();
    const isPart = request.method === "PUT" && /\/parts\/\d+$/.test(request.url ?? "");
    const backend = (isPart ? nextPart++ : next++) % ports.length;
    const entry: Served = { method: request.method ?? "", path: request.url ?? "", backend, status: 0 };
    served.push(entry);
    // The Host header is passed on as the browser sent it: the app's origin is the proxy's.
    const upstream = http.request({ host: "127.0.0.1", port: ports[backend], path: request.url, method: request.method, headers: request.headers }, (answer) => {
      entry.status = answer.statusCode ?? 0;
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => {
      entry.status = 502;
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://localhost:${port}`, served, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let database: TestDatabase;
let s3: Awaited<ReturnType<typeof startS3rverProcess>>;
let proxy: Awaited<ReturnType<typeof roundRobinProxy>>;
const instances: AppServer[] = [];
let seeded: SeededAccount[];
let page: Page;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  expect(process.env.DATABASE_URL, "several instances share a PostgreSQL server").toBeTruthy();
  s3 = await startS3rverProcess("casevault-instances");
  database = await freshDatabase();
  seeded = seedDemo(database, s3.env).accounts;
  proxy = await roundRobinProxy(() => instances.map((i) => Number(new URL(i.baseURL).port)));
  // The same secret, URL, database, DATA_DIR (audit key and checkpoints) and blob store, as the operations guide asks.
  const env = { ...s3.env, NEXTAUTH_URL: proxy.url, REMINDER_INTERVAL_SECONDS: "1" };
  instances.push(await startServer(database, env), await startServer(database, env));
});

test.afterAll(async () => {
  await page?.context().close();
  for (const instance of instances) await instance.stop();
  await proxy?.close();
  await s3?.close();
  if (database) await dropDatabase(database);
});

const account = (role: string) => seeded.find((a) => a.role === role)!;

test("signed in through one instance, the session is good on both", async ({ browser }) => {
  page = await signedInPage(browser, proxy.url, account("caseworker"));
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("bucket-overdue").getByText("Submit medical report to the prosecutor")).toBeVisible({ timeout: 30_000 });
  const reads = proxy.served.filter((s) => s.path.startsWith("/api/dashboard"));
  expect(new Set(reads.map((s) => s.backend))).toEqual(new Set([0, 1]));
  expect(reads.every((s) => s.status === 200)).toBe(true);
});

test("an upload's parts go to both instances; the file comes back whole through either", async () => {
  const file = randomBytes(13 * 1024 * 1024);
  const filePath = `${mkdtempSync(`${tmpdir()}/cv-e2e-instances-`)}/two-instances.bin`;
  writeFileSync(filePath, file);
  const keysBefore = (await s3.keys("evidence/")).length;
  await page.getByRole("link", { name: "Cases", exact: true }).click();
  await page.getByRole("link", { name: "Арман Сафаров" }).click();
  await expect(page.getByRole("heading", { name: "Арман Сафаров" })).toBeVisible({ timeout: 30_000 });
  await page.getByRole("tab", { name: "Evidence" }).click();
  await page.getByLabel("Choose files to upload").setInputFiles(filePath);
  await page.getByRole("form", { name: "Describe the files" }).getByRole("group", { name: "two-instances.bin" }).getByLabel("Description").fill("Video, two instances");
  await page.getByRole("button", { name: "Encrypt and upload 1 file" }).click();
  await expect(page.getByTestId("upload-row").filter({ hasText: "two-instances.bin" })).toContainText("Uploaded", { timeout: 120_000 });
  await expect(page.getByTestId("evidence-row").filter({ hasText: "two-instances.bin" })).toContainText("Uploader's signature verified", { timeout: 30_000 });

  const parts = proxy.served.filter((s) => s.method === "PUT" && /\/parts\/\d+$/.test(s.path));
  expect(parts.length).toBeGreaterThanOrEqual(4); // 13 MiB of ciphertext in 4 MiB parts
  expect(new Set(parts.map((s) => s.backend))).toEqual(new Set([0, 1]));
  expect(parts.every((s) => s.status >= 200 && s.status < 300)).toBe(true);
  expect((await s3.keys("evidence/")).length - keysBefore).toBe(parts.length);

  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download two-instances.bin", exact: true }).click();
  const got = readFileSync(await (await downloading).path());
  expect(createHash("sha256").update(got).digest("hex")).toBe(createHash("sha256").update(file).digest("hex"));
});

test("both instances run the reminder tick each second: every reminder exists once", async () => {
  // The demo's filing is overdue and its hearing near: reminders are owed. Let both ticks race a while.
  await page.waitForTimeout(5_000);
  const { total, duplicated } = await withSql(database, async (query) => {
    const [count] = await query(`SELECT count(*)::int AS n FROM "Notification"`);
    const dupes = await query(`SELECT "userId", "deadlineId", "key", count(*)::int AS n FROM "Notification" GROUP BY 1, 2, 3 HAVING count(*) > 1`);
    return { total: Number(count!.n), duplicated: dupes.length };
  });
  expect(total).toBeGreaterThan(0);
  expect(duplicated).toBe(0);
});

test("both instances seal reads into the audit chain; it verifies from event 1", async () => {
  const verify = runScript("audit:verify", database, {}, ["--full"]);
  expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  expect(verify.stdout).toMatch(/^OK: checked .+\.$/m);
  const dashboardReads = await withSql(database, async (query) => (await query(`SELECT count(*)::int AS n FROM "AuditEvent" WHERE action = 'deadline.dashboard_read'`))[0]!.n);
  expect(Number(dashboardReads)).toBeGreaterThan(0);
});
