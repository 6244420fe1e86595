import { expect, test } from "./support/test";
import { signedInPage, unlock } from "./support/flows";
import { ownDemoServer } from "./support/demo-server";

// An admin's role select asks before it saves: the dialog names the person,
// the old and the new role; cancelling puts the select back; a saved change
// and a failed one are each reported in words.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();

test("changing a role asks first, can be cancelled, and reports success or failure", async ({ browser }) => {
  const admin = await signedInPage(browser, demo.baseURL, demo.account("admin"));
  await expect(admin).toHaveURL(/\/admin\/users$/);
  await admin.setViewportSize({ width: 1366, height: 768 });
  const row = admin.getByTestId("user-row-caseworker@demo.casevault.test");
  const select = row.getByLabel("Role of Aram Caseworker");
  await expect(select).toHaveValue("caseworker");

  // Choosing asks; cancelling (here with Escape) saves nothing and puts the select back.
  await select.selectOption("lawyer");
  const dialog = admin.getByRole("dialog", { name: "Change the role of Aram Caseworker?" });
  await expect(dialog).toContainText("Aram Caseworker will be Lawyer instead of Caseworker.");
  await admin.screenshot({ path: "test-results/screens/admin-role-confirm.png" });
  await admin.setViewportSize({ width: 390, height: 844 });
  const box = await dialog.getByRole("button", { name: "Change role" }).boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await admin.screenshot({ path: "test-results/screens/admin-role-confirm-390.png" });
  await admin.setViewportSize({ width: 1366, height: 768 });
  await admin.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(select).toHaveValue("caseworker");
  await dialog.waitFor({ state: "detached" });
  await select.selectOption("coordinator");
  await admin.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(select).toHaveValue("caseworker");
  await expect(admin.getByTestId("admin-action-success")).toHaveCount(0);

  // Confirming saves and says so; the change survives a reload.
  await select.selectOption("lawyer");
  await dialog.getByRole("button", { name: "Change role" }).click();
  await expect(admin.getByTestId("admin-action-success")).toHaveText("Aram Caseworker is now Lawyer.");
  await expect(select).toHaveValue("lawyer");
  await admin.screenshot({ path: "test-results/screens/admin-role-changed.png", fullPage: true });
  // On a phone the role select keeps its words (the table scrolls inside its box).
  await admin.setViewportSize({ width: 390, height: 844 });
  await select.scrollIntoViewIfNeeded();
  expect((await select.boundingBox())!.width).toBeGreaterThan(120);
  await admin.screenshot({ path: "test-results/screens/admin-role-changed-390.png" });
  await admin.setViewportSize({ width: 1366, height: 768 });
  await admin.reload();
  await unlock(admin, demo.account("admin").passphrase);
  await expect(select).toHaveValue("lawyer");

  // A failed save is reported and the select shows the stored role again.
  await admin.route("**/admin/users", (route) => (route.request().headers()["next-action"] ? route.fulfill({ status: 500, body: "" }) : route.continue()));
  await select.selectOption("caseworker");
  await admin.getByRole("dialog", { name: "Change the role of Aram Caseworker?" }).getByRole("button", { name: "Change role" }).click();
  await expect(admin.getByTestId("admin-action-error")).toHaveText("Something went wrong. Nothing was saved; try again.");
  await expect(admin.getByTestId("admin-action-success")).toHaveCount(0);
  await expect(select).toHaveValue("lawyer");
  await admin.unroute("**/admin/users");

  // In Russian too.
  await admin.getByRole("button", { name: /English/ }).click();
  await admin.getByRole("option", { name: "Русский" }).click();
  await row.getByLabel("Роль: Aram Caseworker").selectOption("caseworker");
  await expect(admin.getByRole("dialog", { name: "Изменить роль: Aram Caseworker?" })).toContainText("было «Юрист», станет «Социальный работник»");
  await admin.getByRole("dialog").getByRole("button", { name: "Изменить роль" }).click();
  await expect(admin.getByTestId("admin-action-success")).toHaveText("Роль изменена: Aram Caseworker — Социальный работник.");
  await admin.getByRole("button", { name: /Русский/ }).click();
  await admin.getByRole("option", { name: "English" }).click();
});

test("an Escape that closes a dialog never counts toward quick exit; three with nothing open, or Shift+Escape, are quick exit", async ({ browser }) => {
  const adminAccount = demo.account("admin");
  const admin = await signedInPage(browser, demo.baseURL, adminAccount);
  await expect(admin).toHaveURL(/\/admin\/users$/);
  const select = admin.getByTestId("user-row-caseworker@demo.casevault.test").getByLabel("Role of Aram Caseworker");
  await select.selectOption((await select.inputValue()) === "coordinator" ? "caseworker" : "coordinator");
  const question = admin.getByRole("heading", { name: /Change the role of Aram Caseworker/ });
  await expect(question).toBeVisible();
  // Three quick Escapes: the first closes the dialog and does not count, so the other two are not three.
  await admin.keyboard.press("Escape");
  await admin.keyboard.press("Escape");
  await admin.keyboard.press("Escape");
  await expect(question).toBeHidden();
  await admin.waitForTimeout(300);
  await expect(admin).toHaveURL(/\/admin\/users$/);
  // Still unlocked: the admin's own fingerprint (from the keys in memory) is on the page.
  await expect(admin.getByTestId("org-keys-fingerprint")).toHaveText(/^\d{5}( \d{5}){7}$/);

  // Three quick Escapes with nothing open leave for the neutral page and end the session.
  await admin.locator("body").click({ position: { x: 5, y: 5 } });
  await admin.keyboard.press("Escape");
  await admin.keyboard.press("Escape");
  await admin.keyboard.press("Escape");
  await expect(admin).toHaveURL(/\/exit$/);
  await admin.goto(`${demo.baseURL}/admin/users`);
  await expect(admin).toHaveURL(/\/sign-in/);

  const again = await signedInPage(browser, demo.baseURL, adminAccount);
  await expect(again).toHaveURL(/\/admin\/users$/);
  await again.keyboard.press("Shift+Escape");
  await expect(again).toHaveURL(/\/exit$/);
});
