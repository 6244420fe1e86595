import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { axeFindings, describeFinding, type AxeFinding } from "./support/axe";
import { signedInPage as signedInPageAt, unlockIfLocked } from "./support/flows";
import { nextCode } from "./support/totp";
import { ownDemoServer } from "./support/demo-server";
import { widths } from "./support/widths";

// axe-core (WCAG 2.2 A/AA) over every page and its main states, in English
// and Russian, at 1366 and 390 px (issue 14 point 9): no violation of serious
// or critical impact anywhere; a moderate one fails too unless it is listed
// below with the reason it stays. Each page is also checked for horizontal
// overflow at 390 px, which axe does not see.

test.describe.configure({ timeout: 300_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();
const account = (role: string) => demo.account(role);
/** Moderate findings that stay, by rule id, each with why. Empty: none stays. */
const acceptedModerate: Record<string, string> = {};


/** Signed in (in English, as the sign-in helper types), then switched to `locale` and unlocked again after the reload. */
async function signedIn(browser: Browser, role: string, locale: "en" | "ru"): Promise<Page> {
  const page = await signedInPageAt(browser, demo.baseURL, account(role));
  await page.context().addCookies([{ name: "casevault-locale", value: locale, url: demo.baseURL }]);
  await page.reload();
  await unlockIfLocked(page, account(role).passphrase);
  return page;
}


/** Nothing still loading: no spinner turning, and the page's heading shown (quick exit's blank page has none, by design). */
async function settled(page: Page, heading = true): Promise<void> {
  if (heading) await expect(page.locator("h1").first()).toBeVisible({ timeout: 20_000 });
  await expect(page.locator("svg.motion-safe\\:animate-spin")).toHaveCount(0, { timeout: 20_000 });
}

type Finding = AxeFinding & { where: string };

/**
 * WCAG 1.4.10 (reflow), which axe does not test: at 390 px nothing may make
 * the page scroll sideways. Names the outermost elements that stick out.
 */
async function widerThanViewport(page: Page): Promise<{ width: number; elements: string[] } | null> {
  return page.evaluate(() => {
    const width = document.documentElement.scrollWidth;
    const viewport = document.documentElement.clientWidth;
    if (width <= viewport) return null;
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : ""}.${[...el.classList].slice(0, 3).join(".")}`;
    const sticking = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > viewport + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > viewport + 1));
    return { width, elements: sticking.slice(0, 5).map(name) };
  });
}

/** axe at both widths, and the width check at 390 px, on the page as it stands. */
async function check(page: Page, where: string, findings: Finding[], heading = true): Promise<void> {
  await settled(page, heading);
  for (const [width, height] of widths) {
    await page.setViewportSize({ width, height });
    await settled(page, heading);
    for (const finding of await axeFindings(page)) findings.push({ ...finding, where: `${where} @${width}` });
    await page.screenshot({ path: `test-results/screens/a11y-${where.replace(/\W+/g, "-")}-${await page.locator("html").getAttribute("lang")}-${width}.png`, fullPage: true });
    if (width === 390) {
      const overflow = await widerThanViewport(page);
      if (overflow) findings.push({ id: "reflow", impact: "serious", help: `page is ${overflow.width} px wide at 390 px`, targets: overflow.elements, where: `${where} @${width}` });
    }
  }
}

function report(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.impact === "serious" || f.impact === "critical" || (f.impact === "moderate" && !(f.id in acceptedModerate)))
    .map((f) => `${f.where}: ${describeFinding(f)}`);
}

for (const locale of ["en", "ru"] as const) {
  test(`case pages (${locale}): dashboard, case list, new case, every case tab, the testimony reader, account`, async ({ browser }) => {
    const who = account("coordinator");
    const page = await signedIn(browser, "coordinator", locale);
    const findings: Finding[] = [];
    const visit = async (path: string, where: string) => {
      await page.goto(`${demo.baseURL}${path}`);
      await unlockIfLocked(page, who.passphrase);
      await check(page, where, findings);
    };

    await visit("/", "dashboard");
    await visit("/cases", "case list");
    await visit("/cases/new", "new case");

    await page.goto(`${demo.baseURL}/cases`);
    await unlockIfLocked(page, who.passphrase);
    await page.getByRole("link", { name: "Арман Сафаров" }).click();
    await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
    const tabs = page.getByRole("tab");
    const count = await tabs.count();
    expect(count).toBe(7);
    for (let i = 0; i < count; i++) {
      await tabs.nth(i).click();
      await expect(tabs.nth(i)).toHaveAttribute("aria-selected", "true");
      await check(page, `case tab ${new URL(page.url()).searchParams.get("tab") ?? "profile"}`, findings);
    }

    await page.getByRole("tab").nth(1).click();
    await page.getByTestId("testimony-row").first().getByRole("link").first().click();
    await expect(page).toHaveURL(/\/testimonies\/[0-9a-f-]{36}$/);
    await check(page, "testimony reader", findings);

    await visit("/account", "account");
    await visit("/no-such-page", "404 signed in");

    expect(report(findings)).toEqual([]);
  });

  test(`admin pages (${locale}): users, audit, settings`, async ({ browser }) => {
    const who = account("admin");
    const page = await signedIn(browser, "admin", locale);
    const findings: Finding[] = [];
    for (const [path, where] of [
      ["/admin/users", "users"],
      ["/admin/audit", "audit"],
      ["/admin/settings", "settings"],
    ] as const) {
      await page.goto(`${demo.baseURL}${path}`);
      await unlockIfLocked(page, who.passphrase);
      await check(page, where, findings);
    }
    expect(report(findings)).toEqual([]);
  });

  test(`public pages (${locale}): sign-in, an invalid invitation, quick exit`, async ({ browser }) => {
    const context = await browser.newContext();
    await context.addCookies([{ name: "casevault-locale", value: locale, url: demo.baseURL }]);
    const page = await context.newPage();
    const findings: Finding[] = [];
    for (const [path, where] of [
      ["/sign-in", "sign-in"],
      ["/invite#token=not-a-real-token", "invalid invitation"],
      ["/exit", "quick exit"],
      ["/no-such-page", "404"],
    ] as const) {
      await page.goto(`${demo.baseURL}${path}`);
      await check(page, where, findings, path !== "/exit");
    }
    expect(report(findings)).toEqual([]);
  });
}

// Keyboard only (issue 14 point 9): Tab, Enter, Space and the arrows reach and
// work every control on the way through sign-in, the case list, the testimony
// form, the evidence upload and the bundle builder, and wherever focus lands a
// person can see it.

/** The focused element, or the label or box around it (a hidden file input shows focus on its drop zone), draws an outline or a ring. */
async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    for (let depth = 0; el && depth < 3; depth++, el = el.parentElement) {
      const style = getComputedStyle(el);
      if ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none") return true;
    }
    return false;
  });
}

/** Presses Tab until `target` has focus (it must be reachable, in order, within `max` presses); checks the focus is visible on the way. */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      expect(await focusIsVisible(page), `no visible focus on ${target}`).toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

test("keyboard only: sign in, open the case from the list, move through the tabs, start an upload and a testimony", async ({ browser }) => {
  const who = account("caseworker");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${demo.baseURL}/sign-in`);
  await tabTo(page, page.getByLabel("Email"));
  await page.keyboard.type(who.email);
  await tabTo(page, page.getByLabel("Passphrase"), 3);
  await page.keyboard.type(who.passphrase);
  await tabTo(page, page.getByLabel("Authenticator code"), 3);
  await page.keyboard.type(await nextCode(who.secret));
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 60_000 });

  await openDemoCaseByKeyboard(page);

  // The tab row: one Tab stop, arrows between tabs (the URL follows).
  await tabTo(page, page.getByRole("tab", { name: "Person" }));
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Evidence" })).toBeFocused();
  await expect(page).toHaveURL(/\?tab=evidence$/);
  expect(await focusIsVisible(page)).toBe(true);

  // The upload's file picker opens from the keyboard (Space on the focused input), and its drop zone shows the focus.
  await tabTo(page, page.getByLabel("Choose files to upload"));
  const chooser = page.waitForEvent("filechooser");
  await page.keyboard.press("Space");
  await (await chooser).setFiles({ name: "note.txt", mimeType: "text/plain", buffer: Buffer.from("keyboard only") });
  await tabTo(page, page.getByLabel("Description"));
  await page.keyboard.type("Typed without a mouse");

  // The testimony form: its first fields in order, by Tab alone.
  await page.getByRole("tab", { name: "Evidence" }).focus();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("tab", { name: "Testimonies" })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Record a testimony" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 20_000 });
  const place = page.getByLabel("Place of the interview");
  await tabTo(page, place);
  await page.keyboard.type("Partner clinic");
  await expect(place).toHaveValue("Partner clinic");
  await context.close();
});

/** From any signed-in page to the demo case, by Tab and Enter: the navigation's Cases, then the case's link. */
async function openDemoCaseByKeyboard(page: Page): Promise<void> {
  await tabTo(page, page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Cases" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/cases$/);
  await tabTo(page, page.getByRole("link", { name: "Арман Сафаров" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Арман Сафаров" })).toBeVisible({ timeout: 20_000 });
}

test("keyboard only: a lawyer builds a court bundle — picks two exhibits, swaps them with the move button, names and saves it", async ({ browser }) => {
  const page = await demo.signedInPage(browser, "lawyer");
  await openDemoCaseByKeyboard(page);
  await tabTo(page, page.getByRole("tab", { name: "Person" }));
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Bundles" })).toBeFocused();

  await tabTo(page, page.getByRole("button", { name: "New bundle" }));
  await page.keyboard.press("Enter");
  const form = page.getByRole("form", { name: "New bundle" });
  await tabTo(page, form.getByRole("textbox", { name: "Name", exact: true }));
  await page.keyboard.type("Keyboard bundle");
  // The first two exhibits the picker offers, ticked with Space in the order they come.
  const offered = form.getByRole("checkbox", { disabled: false });
  const first = offered.nth(0);
  const second = offered.nth(1);
  await tabTo(page, first);
  await page.keyboard.press("Space");
  await tabTo(page, second);
  await page.keyboard.press("Space");
  const exhibits = form.getByTestId("exhibit-row");
  await expect(exhibits).toHaveCount(2);
  // Each row names its file (the first two offered are evidence files); its number follows its place.
  const fileName = async (row: Locator) => (await row.innerText()).split("\n").find((line) => /\.[a-z0-9]+$/i.test(line.trim()))!.trim();
  const [firstName, secondName] = [await fileName(exhibits.nth(0)), await fileName(exhibits.nth(1))];
  expect(firstName).not.toEqual(secondName);
  await tabTo(page, page.getByRole("button", { name: "Move exhibit 2 up" }));
  await page.keyboard.press("Enter");
  await expect(exhibits.nth(0)).toContainText(secondName);
  await expect(exhibits.nth(0)).toContainText("Exhibit 1");
  await expect(exhibits.nth(1)).toContainText(firstName);
  await tabTo(page, page.getByRole("button", { name: "Save bundle" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Bundle created.")).toBeVisible({ timeout: 20_000 });
  await page.context().close();
});
