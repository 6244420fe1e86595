import { spawnSync } from "node:child_process";
import type { Locator, Page, Route } from "@playwright/test";
import { expect, test } from "./support/test";
import { signedInPage } from "./support/flows";
import { databaseEnv, freshDatabase, startServer, type AppServer, type TestDatabase } from "./support/server";
import { dropDatabase } from "./support/template-db";

// Lists longer than a page (issue 15, "send only what is shown"): a
// coordinator on 300 cases × 4 deadlines (seeded as the benches seed them,
// really encrypted). The case list shows 50 with the exact count and
// "Show more"; a state or role filter keeps the keyboard on its select
// while the filtered page loads; a search finds a case on no loaded page
// (the index over every name, built in the browser); the dashboard's groups
// count every row and page to the last; after the index, the dashboard
// fetches no case keys.

test.describe.configure({ mode: "serial", timeout: 300_000 });
test.use({ baseURL: undefined });

const CASES = 300;
const PER_CASE = 4;
const passphrase = "paging spec passphrase, long enough";

let database: TestDatabase;
let server: AppServer;
let page: Page;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  database = await freshDatabase();
  const seeded = spawnSync("npx", ["tsx", "--tsconfig", "scripts/tsconfig.json", "scripts/seed-many-cases.ts", String(CASES), String(PER_CASE), passphrase], {
    encoding: "utf8",
    env: { ...process.env, ...databaseEnv(database) },
  });
  expect(seeded.status, seeded.stderr).toBe(0);
  const { email, secret } = JSON.parse(seeded.stdout.trim().split("\n").at(-1)!) as { email: string; secret: string };
  server = await startServer(database, { REMINDER_INTERVAL_SECONDS: "0" });
  page = await signedInPage(browser, server.baseURL, { email, passphrase, secret });
});

test.afterAll(async () => {
  await page?.context().close();
  await server?.stop();
  if (database) await dropDatabase(database);
});

const caseRows = () => page.getByRole("table").getByRole("row").filter({ has: page.getByRole("link") });

test("the case list shows 50 of 300 with the exact count; Show more adds the next 50", async () => {
  await page.getByRole("link", { name: "Cases", exact: true }).click();
  await expect(caseRows()).toHaveCount(50, { timeout: 60_000 });
  await expect(page.getByTestId("case-count")).toHaveText("50 of 300");
  await expect(page.getByText("50 of 300 shown")).toBeVisible();
  // Every row shown is decrypted: a person's name, not "Record damaged".
  await expect(page.getByText("Record damaged")).toHaveCount(0);
  await page.getByRole("button", { name: "Show more" }).click();
  await expect(caseRows()).toHaveCount(100, { timeout: 60_000 });
  await expect(page.getByTestId("case-count")).toHaveText("100 of 300");
  await page.screenshot({ path: "test-results/screens/case-list-paged.png", fullPage: false });
});

test("changing a filter keeps the keyboard on the select while the filtered page loads", async () => {
  const count = page.getByTestId("case-count");
  await expect(count).toHaveText("100 of 300");
  // Each filtered first page is held back until the select has been looked at mid-load.
  const held: Route[] = [];
  await page.route(/\/api\/cases\?/, (route) => void held.push(route));
  const choose = async (select: Locator, key: string, value: string, shown: string) => {
    await page.keyboard.press(key);
    await expect(select).toHaveValue(value);
    await expect(page.getByText("Loading your cases…")).toBeVisible();
    await expect(select).toBeFocused();
    await expect.poll(() => held.length).toBeGreaterThan(0);
    for (const route of held.splice(0)) await route.continue();
    await expect(count).toHaveText(shown, { timeout: 60_000 });
    await expect(select).toBeFocused();
  };
  for (const [name, key, value] of [["State", "p", "proceedings"], ["My role", "m", "member"]] as const) {
    const select = page.getByRole("combobox", { name });
    await select.focus();
    // Every seeded case is the coordinator's own, in intake: none is left.
    await choose(select, key, value, "0 of 0");
    await choose(select, "Home", "", "50 of 300");
  }
  await page.unroute(/\/api\/cases\?/);
});

test("a search finds a case on no loaded page: the index covers every name", async () => {
  // Opened first, so on the last page of 50 (most recently changed first).
  await page.getByRole("searchbox", { name: "Search" }).fill("person 0 человек 0");
  await expect(page.getByTestId("case-count")).toHaveText("1 case found", { timeout: 120_000 });
  await expect(caseRows()).toHaveCount(1);
  await expect(caseRows().first()).toContainText("Person 0 Человек 0");
  await page.getByRole("searchbox", { name: "Search" }).fill("человек 29");
  // 29 and 290–299.
  await expect(page.getByTestId("case-count")).toHaveText("11 cases found");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "test-results/screens/case-list-search-390.png", fullPage: false });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1366, height: 900 });
});

test("each dashboard group counts every row and pages to the last; no case keys are fetched again", async () => {
  const summaries: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/cases/summaries") summaries.push(request.url());
  });
  await page.getByRole("link", { name: "Dashboard" }).click();
  const overdue = page.getByTestId("bucket-overdue");
  const heading = overdue.getByRole("heading");
  await expect(heading).toHaveText(/^Overdue \(\d+\)$/, { timeout: 60_000 });
  const total = Number((await heading.textContent())!.match(/\((\d+)\)/)![1]);
  // About 9% of 1,200 are past due, a fifth of those done: far more than one page.
  expect(total).toBeGreaterThan(50);
  const rows = overdue.getByTestId("dashboard-row");
  await expect(rows).toHaveCount(50, { timeout: 60_000 });
  await expect(overdue.getByText(`50 of ${total} shown`)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/dashboard-paged.png", fullPage: false });
  for (let shown = 50; shown < total; shown = Math.min(total, shown + 50)) {
    await overdue.getByRole("button", { name: "Show more" }).click();
    await expect(rows).toHaveCount(Math.min(total, shown + 50), { timeout: 60_000 });
  }
  await expect(overdue.getByRole("button", { name: "Show more" })).toHaveCount(0);
  await expect(overdue.getByText("Record damaged")).toHaveCount(0);
  // The case list's search opened every case; the dashboard reused them.
  expect(summaries).toEqual([]);
});
