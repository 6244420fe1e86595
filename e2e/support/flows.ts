import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { nextCode } from "./totp";

// What a person does on the enrolment and sign-in pages, in English.

export type Account = { email: string; passphrase: string; secret: string };

/** From the passphrase step of set-up or an invitation to the sign-in page. Returns the TOTP secret. */
export async function enrolPassphraseAndTotp(page: Page, passphrase: string): Promise<string> {
  return (await enrolWithRecoveryCodes(page, passphrase)).secret;
}

/** The same, also acknowledging the recovery codes the last step shows once; returns them too. */
export async function enrolWithRecoveryCodes(page: Page, passphrase: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await page.getByLabel("Passphrase", { exact: true }).fill(passphrase);
  await page.getByLabel("Repeat the passphrase").fill(passphrase);
  await page.getByRole("button", { name: "Continue" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())?.replace(/\s+/g, "") ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from the app").fill(await nextCode(secret));
  await page.getByRole("button", { name: "Create account" }).click();
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list).toBeVisible({ timeout: 90_000 });
  const recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  await page.getByLabel("I have stored these codes somewhere safe").check();
  await page.getByRole("button", { name: "Continue to sign in" }).click();
  await expect(page).toHaveURL(/\/sign-in\?enrolled=/, { timeout: 30_000 });
  return { secret, recoveryCodes };
}

export async function fillSignIn(page: Page, account: { email: string; passphrase: string }, code: string): Promise<void> {
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Passphrase").fill(account.passphrase);
  await page.getByLabel("Authenticator code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signIn(page: Page, account: Account): Promise<void> {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await fillSignIn(page, account, await nextCode(account.secret));
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 60_000 });
}

/** Accept an invitation link in this page; returns the new account. */
export async function acceptInvitation(page: Page, link: string, who: { email: string; name: string; passphrase: string }): Promise<Account> {
  await page.goto(link);
  await expect(page.getByText(who.email)).toBeVisible({ timeout: 30_000 }); // the link is checked with the server first
  await page.screenshot({ path: "test-results/screens/invite-accept.png", fullPage: true });
  await page.getByLabel("Your name as colleagues know it").fill(who.name);
  await page.getByRole("button", { name: "Continue" }).click();
  const secret = await enrolPassphraseAndTotp(page, who.passphrase);
  return { email: who.email, passphrase: who.passphrase, secret };
}

/** After a reload or auto-lock: the passphrase opens the keys again. */
export async function unlock(page: Page, passphrase: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Unlock" })).toBeVisible();
  // By role: the page behind the lock may still be in the DOM (hidden) with passphrase fields of its own.
  await page.getByRole("textbox", { name: "Passphrase", exact: true }).fill(passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect(page.getByRole("heading", { name: "Unlock" })).toHaveCount(0, { timeout: 15_000 });
}

const lockHeading = (page: Page) => page.getByRole("heading", { name: /^(Unlock|Разблокировка)$/ });

/**
 * Opens a tab (a case's Team, Evidence…) and waits until it is selected,
 * clicking again if it is not. Once in CI a click on Team right after an
 * unlock left the Person tab selected (cases.spec.ts, 2026-12-07; a delayed
 * server action did not reproduce it, so the cause is open).
 */
export async function openTab(page: Page, name: string): Promise<void> {
  const tab = page.getByRole("tab", { name, exact: true });
  await expect(async () => {
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/** A load (goto, reload) clears the keys from memory: type the passphrase again if the lock shows, in either language. */
export async function unlockIfLocked(page: Page, passphrase: string): Promise<void> {
  if (!(await lockHeading(page).isVisible({ timeout: 5_000 }).catch(() => false))) return;
  await page.getByRole("textbox", { name: /^(Passphrase|Парольная фраза)$/ }).fill(passphrase);
  await page.getByRole("button", { name: /^(Unlock|Разблокировать)$/ }).click();
  await expect(lockHeading(page)).toHaveCount(0, { timeout: 15_000 });
}

/** A fresh browser context (its own cookies and keys) signed in as `who` on the server at `baseURL`. */
export async function signedInPage(browser: Browser, baseURL: string, who: Account, options: BrowserContextOptions = {}): Promise<Page> {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(`${baseURL}/sign-in`);
  await signIn(page, who);
  return page;
}
