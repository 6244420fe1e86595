import fs from "node:fs";
import path from "node:path";
import type { Browser, Locator, Page } from "@playwright/test";
import { ownDemoServer } from "./support/demo-server";
import { signedInPage } from "./support/flows";
import { steadyText } from "./support/steady-text";
import { expect, test } from "./support/test";
import { widths } from "./support/widths";

// Visual checks that look (issue 14 point 10), signed in: the main pages of the
// demo organisation at 1366 and 390 px, compared with the committed baselines
// in layout-signed-in.spec.ts-snapshots/. As the admin: Users and the Audit
// log. As the coordinator, in English: the dashboard, the case list, the demo
// case's Person, Testimonies, Evidence and Deadlines tabs; in Russian: the
// Person tab and the dashboard. (The public pages: layout.spec.ts.)
//
// The demo data is seeded afresh each run, dated from today, under random
// keys and a random case reference. Dates, day counts ("10 days left") and
// the reference are replaced by fixed ones before each shot (support/steady-text.ts:
// a date's width moves the layout, so painting it over is not enough); what is
// not such text (fingerprints and their QR codes, audit hashes and times, the
// unread count) is painted over (`mask`).
// Baselines change only on purpose: `npm run test:e2e -- e2e/layout-signed-in.spec.ts
// --update-snapshots`, then look at every new image before committing it.

test.describe.configure({ mode: "serial", timeout: 120_000 });
test.use({ baseURL: undefined });
const demo = ownDemoServer();

/** What differs from run to run and is not text steadyText fixes: keys, hashes, audit times, the unread count. */
function changing(page: Page): Locator[] {
  const bell = page.getByRole("button", { name: /^(Notifications|Уведомления),/ });
  return [
    page.locator("time"),
    bell,
    bell.locator("span"), // the unread badge sticks out of the button
    page.getByTestId("org-keys-fingerprint"),
    page.getByTestId("org-keys-fingerprint-qr"),
    page.locator('section[aria-labelledby="head-title"] dd, section[aria-labelledby="checkpoint-title"] dd'),
  ].map((parts) => parts.filter({ visible: true })); // not the insides of a closed <details>
}

/** The page as it stands, at both widths; nothing still loading, the mouse off every hover style. */
async function shoot(page: Page, name: string): Promise<void> {
  await expect(page.locator("svg.motion-safe\\:animate-spin")).toHaveCount(0, { timeout: 20_000 });
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  for (const [width, height] of widths) {
    await page.setViewportSize({ width, height });
    // Every page here shows a date or the case reference.
    expect(await steadyText(page)).toBeGreaterThan(0);
    await expect(page).toHaveScreenshot(`${name}-${width}.png`, { fullPage: true, maxDiffPixelRatio: 0.01, animations: "disabled", caret: "hide", mask: changing(page) });
  }
  await page.setViewportSize({ width: widths[0][0], height: widths[0][1] });
}

/** Signed in, in a context of the account's own: UTC, so each deadline shows its venue's time and the viewer's. */
function signedIn(browser: Browser, role: string): Promise<Page> {
  return signedInPage(browser, demo.baseURL, demo.account(role), { viewport: { width: widths[0][0], height: widths[0][1] }, timezoneId: "UTC" });
}

const nav = (page: Page, name: string) => page.getByRole("navigation", { name: /^(Main navigation|Основная навигация)$/ }).getByRole("link", { name, exact: true });

// The admin first: the audit log then holds the seed's events and this sign-in only, the same every run.
test("admin pages: users, audit log", async ({ browser }) => {
  const page = await signedIn(browser, "admin");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("org-keys-fingerprint")).toHaveText(/^\d{5}( \d{5}){7}$/);
  await expect(page.getByTestId("org-keys-fingerprint-qr")).toBeVisible();
  await shoot(page, "admin-users-en");

  // The server signs its first checkpoint a few seconds after it starts: wait for it, so the page always shows one.
  const checkpoints = path.join(demo.database.dataDir, "audit-checkpoints");
  await expect.poll(() => (fs.existsSync(checkpoints) ? fs.readdirSync(checkpoints).length : 0), { timeout: 20_000 }).toBeGreaterThan(0);
  await nav(page, "Audit log").click();
  await expect(page.getByTestId("audit-watch-ok")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("checkpoint-seq")).toBeVisible();
  await shoot(page, "admin-audit-en");
  await page.context().close();
});

test("case pages: dashboard, case list, case tabs, in English and Russian", async ({ browser }) => {
  const page = await signedIn(browser, "coordinator");
  const dashboardLoaded = async () => {
    await expect(page.locator('[data-testid^="bucket-"][aria-busy="false"]')).toHaveCount(4, { timeout: 20_000 });
    await expect(page.getByTestId("dashboard-row")).toHaveCount(3);
  };
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible({ timeout: 20_000 });
  await dashboardLoaded();
  await shoot(page, "dashboard-en");

  await nav(page, "Cases").click();
  await expect(page.getByRole("link", { name: "Арман Сафаров" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("case-count")).toHaveText("1 of 1");
  await shoot(page, "cases-en");

  await page.getByRole("link", { name: "Арман Сафаров" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Арман Сафаров" })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Дильноза Сафарова")).toBeVisible();
  await shoot(page, "case-person-en");

  await page.getByRole("tab", { name: "Testimonies" }).click();
  await expect(page.getByTestId("testimony-row")).toHaveCount(1, { timeout: 20_000 });
  await shoot(page, "case-testimonies-en");

  await page.getByRole("tab", { name: "Evidence" }).click();
  await expect(page.getByTestId("evidence-row")).toHaveCount(3, { timeout: 20_000 });
  await expect(page.getByText("Uploader's signature verified")).toHaveCount(3, { timeout: 20_000 });
  const thumbnails = page.getByTestId("evidence-thumbnail");
  await expect(thumbnails).toHaveCount(2, { timeout: 20_000 });
  await expect.poll(() => thumbnails.evaluateAll((images) => images.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
  await shoot(page, "case-evidence-en");

  await page.getByRole("tab", { name: "Deadlines" }).click();
  await expect(page.getByTestId("deadline-row")).toHaveCount(3, { timeout: 20_000 });
  await shoot(page, "case-deadlines-en");

  // The language switch re-renders in place: no reload, the keys stay open.
  await page.getByRole("button", { name: /English/ }).click();
  await page.getByRole("option", { name: "Русский" }).click();
  await expect(page.getByRole("tab", { name: "Человек" })).toBeVisible({ timeout: 20_000 });
  await page.getByRole("tab", { name: "Человек" }).click();
  await expect(page.getByText("Дильноза Сафарова")).toBeVisible();
  await expect(page.getByText("Полное имя", { exact: true })).toBeVisible();
  await shoot(page, "case-person-ru");

  await nav(page, "Обзор").click();
  await expect(page.getByRole("heading", { level: 1, name: "Обзор" })).toBeVisible({ timeout: 20_000 });
  await dashboardLoaded();
  await shoot(page, "dashboard-ru");
  await page.context().close();
});
