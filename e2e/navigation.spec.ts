import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { signedInPage as signedInPageAt, unlock } from "./support/flows";
import { ownDemoServer } from "./support/demo-server";

// Addressable places: the case tab is in the URL (?tab=evidence) and switching
// tabs neither adds a history entry nor reloads (a reload would lock the keys);
// the dashboard opens the case on the Deadlines tab at the deadline's row, the
// bell on the Deadlines tab; "← Case" returns to the tab it came from; the
// main navigation marks the current page; after a navigation focus is on the
// new page's heading.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();
let coordinator: Page;
let caseUrl = "";

const account = (role: string) => demo.account(role);
const signedInPage = (browser: Browser, role: string) => signedInPageAt(browser, demo.baseURL, account(role));
const nav = (page: Page) => page.getByRole("navigation", { name: "Main navigation" });
const locked = (page: Page) => page.getByRole("heading", { name: "Unlock" });
const focusedTag = (page: Page) => page.evaluate(() => document.activeElement?.tagName ?? "");

test.afterAll(async () => {
  await coordinator?.context().close();
});

test("the navigation marks the current page, also under it, and focus lands on the new page's heading", async ({ browser }) => {
  coordinator = await signedInPage(browser, "coordinator");
  await expect(coordinator.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(nav(coordinator).getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  await expect(nav(coordinator).getByRole("link", { name: "Cases" })).not.toHaveAttribute("aria-current", /.*/);
  await expect(nav(coordinator).locator('[aria-current="page"]')).toHaveCount(1);

  await nav(coordinator).getByRole("link", { name: "Cases" }).click();
  await expect(coordinator).toHaveURL(/\/cases$/);
  await expect(nav(coordinator).getByRole("link", { name: "Cases" })).toHaveAttribute("aria-current", "page");
  await expect(nav(coordinator).getByRole("link", { name: "Dashboard" })).not.toHaveAttribute("aria-current", /.*/);
  await expect.poll(() => focusedTag(coordinator)).toBe("H1");

  await coordinator.getByRole("link", { name: "Арман Сафаров" }).click();
  await expect(coordinator).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  caseUrl = coordinator.url();
  // A page under Cases marks Cases.
  await expect(nav(coordinator).getByRole("link", { name: "Cases" })).toHaveAttribute("aria-current", "page");
  await expect(coordinator.getByRole("tab", { name: "Person" })).toHaveAttribute("aria-selected", "true");
  await expect.poll(() => focusedTag(coordinator)).toBe("H1");
});

test("a tab click puts the tab in the URL in place: no reload (still unlocked), no history entry; arrow keys too", async () => {
  const page = coordinator;
  const historyLength = await page.evaluate(() => history.length);
  // A marker on window survives client-side changes only: a reload would drop it.
  await page.evaluate(() => Object.assign(window, { __noReload: true }));

  await page.getByRole("tab", { name: "Evidence" }).click();
  await expect(page).toHaveURL(`${caseUrl}?tab=evidence`);
  await expect(page.getByRole("tab", { name: "Evidence" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tab", { name: "Person" })).toHaveAttribute("aria-selected", "false");
  await expect(page.getByText("medical-report.pdf").first()).toBeVisible({ timeout: 20_000 });
  await expect(locked(page)).toHaveCount(0);

  // The tab row keeps its keyboard: → selects the next tab, and the URL follows.
  await page.getByRole("tab", { name: "Evidence" }).press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Bundles" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tab", { name: "Bundles" })).toBeFocused();
  await expect(page).toHaveURL(`${caseUrl}?tab=bundles`);

  await page.getByRole("tab", { name: "Person" }).click();
  await expect(page).toHaveURL(caseUrl);
  await page.getByRole("tab", { name: "Evidence" }).click();
  await expect(page).toHaveURL(`${caseUrl}?tab=evidence`);

  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  expect(await page.evaluate(() => "__noReload" in window)).toBe(true);
  await expect(locked(page)).toHaveCount(0);
  await expect(page.getByText("medical-report.pdf").first()).toBeVisible();

  for (const [width, height] of [[1366, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/screens/case-tab-evidence-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
});

test("← Case from the testimony reader returns to the Testimonies tab, still unlocked", async () => {
  const page = coordinator;
  await page.getByRole("tab", { name: "Testimonies" }).click();
  await expect(page).toHaveURL(`${caseUrl}?tab=testimonies`);
  await page.getByTestId("testimony-row").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/testimonies\/[0-9a-f-]{36}$/);
  await expect(nav(page).getByRole("link", { name: "Cases" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("link", { name: /^← Case CV-/ }).click();
  await expect(page).toHaveURL(`${caseUrl}?tab=testimonies`);
  await expect(page.getByRole("tab", { name: "Testimonies" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("testimony-row").first()).toBeVisible({ timeout: 20_000 });
  await expect(locked(page)).toHaveCount(0);
});

test("the dashboard opens the case on the Deadlines tab at the deadline's row", async () => {
  const page = coordinator;
  await nav(page).getByRole("link", { name: "Dashboard" }).click();
  const row = page.getByTestId("bucket-overdue").getByTestId("dashboard-row").filter({ hasText: "Submit medical report to the prosecutor" });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`^${caseUrl}\\?tab=deadlines#deadline-[0-9a-f-]{36}$`));
  await expect(page.getByRole("tab", { name: "Deadlines" })).toHaveAttribute("aria-selected", "true");
  const linked = page.getByTestId("deadline-row").filter({ hasText: "Submit medical report to the prosecutor" });
  await expect(linked).toBeFocused({ timeout: 20_000 });
  await expect(linked).toBeInViewport();
  expect(new URL(page.url()).hash).toBe(`#${await linked.getAttribute("id")}`);
  await expect(locked(page)).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/case-tab-deadlines-linked.png", fullPage: true });
});

test("the bell opens the case on the Deadlines tab", async () => {
  const page = coordinator;
  await page.getByRole("tab", { name: "Team" }).click();
  await expect(page).toHaveURL(`${caseUrl}?tab=team`);
  await page.getByRole("button", { name: /^Notifications, \d+ unread$/ }).click();
  await page.getByRole("link", { name: /Filing deadline overdue by \d+ days? — CV-/ }).first().click();
  await expect(page).toHaveURL(`${caseUrl}?tab=deadlines`);
  await expect(page.getByRole("tab", { name: "Deadlines" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("deadline-row").first()).toBeVisible({ timeout: 20_000 });
  await expect(locked(page)).toHaveCount(0);
});

test("a link to ?tab=evidence opens that tab; an unknown tab opens the Person tab", async () => {
  const page = coordinator;
  // A full page load: the keys are locked away and the passphrase opens them again.
  await page.goto(`${caseUrl}?tab=evidence`);
  await unlock(page, account("coordinator").passphrase);
  await expect(page.getByRole("tab", { name: "Evidence" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText("medical-report.pdf").first()).toBeVisible({ timeout: 20_000 });

  await page.goto(`${caseUrl}?tab=nonsense`);
  await unlock(page, account("coordinator").passphrase);
  await expect(page.getByRole("tab", { name: "Person" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tab", { name: "Evidence" })).toHaveAttribute("aria-selected", "false");
});
