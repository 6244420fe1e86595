import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { signedInPage, unlockIfLocked } from "./support/flows";
import { ownDemoServer } from "./support/demo-server";

// The admin's Settings page (issue 14): mistakes are named at the field and
// nothing is saved; saved settings come back on the next visit; and a setting
// takes effect in another member's browser: the organisation's default
// language is what a member who chose none reads, until it is set back.

test.describe.configure({ mode: "serial", timeout: 300_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();
const account = (role: string) => demo.account(role);


async function openSettings(page: Page): Promise<void> {
  await page.goto(`${demo.baseURL}/admin/settings`);
  await unlockIfLocked(page, account("admin").passphrase);
  await expect(page.getByRole("heading", { name: /^(Organisation settings|Настройки организации)$/ })).toBeVisible();
}

/** The page at both widths the app supports. */
async function shots(page: Page, locale: string): Promise<void> {
  for (const [width, height] of [[1366, 900], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `test-results/screens/org-settings-${locale}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

test("settings: mistakes are named at their field and nothing is saved; saved settings come back; the default language reaches a member who chose none", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.baseURL, account("admin"));
  await openSettings(admin);

  // Today's behaviour until someone changes it.
  await expect(admin.getByLabel("Sign people out after (hours)")).toHaveValue("12");
  await expect(admin.getByLabel("Remind people this many days before a deadline")).toHaveValue("14, 7, 3, 1, 0");
  await expect(admin.getByLabel("Also send reminders by email")).toBeChecked();
  await expect(admin.getByLabel("Language for people who have not chosen one")).toHaveValue("browser");
  await shots(admin, "en");

  await admin.getByLabel("Sign people out after (hours)").fill("13");
  await admin.getByLabel("Remind people this many days before a deadline").fill("7, 3, 7");
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(admin.getByText("Enter a whole number of hours from 1 to 12.")).toBeVisible();
  await expect(admin.getByText("Each day can appear only once.")).toBeVisible();
  await expect(admin.getByLabel("Remind people this many days before a deadline")).toHaveAttribute("aria-invalid", "true");
  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.screenshot({ path: "test-results/screens/org-settings-errors-en-390.png", fullPage: true });
  await admin.setViewportSize({ width: 1366, height: 900 });
  await admin.getByLabel("Remind people this many days before a deadline").fill("1, 70");
  await admin.getByRole("button", { name: "Save" }).click();
  await expect(admin.getByText("Enter days as whole numbers from 0 to 60")).toBeVisible();

  await admin.getByLabel("Sign people out after (hours)").fill("8");
  await admin.getByLabel("Remind people this many days before a deadline").fill("1, 7 3");
  await admin.getByLabel("Also send reminders by email").uncheck();
  await admin.getByLabel("Language for people who have not chosen one").selectOption("ru");
  await admin.getByRole("button", { name: "Save" }).click();
  // The admin chose no language either: the page answers in Russian at once.
  await expect(admin.getByText("Сохранено.", { exact: true })).toBeVisible();
  await expect(admin.locator("html")).toHaveAttribute("lang", "ru");
  await admin.screenshot({ path: "test-results/screens/org-settings-saved-ru-1366.png", fullPage: true });

  await openSettings(admin);
  await expect(admin.getByLabel("Завершать сеанс через (часов)")).toHaveValue("8");
  await expect(admin.getByLabel("Напоминать за столько дней до срока")).toHaveValue("7, 3, 1");
  await expect(admin.getByLabel("Также присылать напоминания по электронной почте")).not.toBeChecked();
  await expect(admin.getByLabel("Язык для тех, кто его не выбрал")).toHaveValue("ru");
  await shots(admin, "ru");

  // A member with no language of their own, in an English browser, reads Russian once signed in.
  const lawyer = await signedInPage(browser, demo.baseURL, account("lawyer"), { locale: "en-GB" });
  await expect(lawyer.locator("html")).toHaveAttribute("lang", "ru");
  await expect(lawyer.getByRole("link", { name: "Дела" }).first()).toBeVisible();

  // Set back to each browser's language: the member's next page is English again.
  await admin.getByLabel("Язык для тех, кто его не выбрал").selectOption("browser");
  await admin.getByRole("button", { name: "Сохранить" }).click();
  await expect(admin.getByText("Saved.", { exact: true })).toBeVisible();
  await lawyer.reload();
  await unlockIfLocked(lawyer, account("lawyer").passphrase);
  await expect(lawyer.locator("html")).toHaveAttribute("lang", "en");
  await expect(lawyer.getByRole("link", { name: "Cases" }).first()).toBeVisible();

  // The change is in the audit log, as the setting before it was.
  await admin.goto(`${demo.baseURL}/admin/audit`);
  await unlockIfLocked(admin, account("admin").passphrase);
  await expect(admin.getByText("changed the organisation's settings").first()).toBeVisible();
});
