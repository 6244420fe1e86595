import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { enrolPassphraseAndTotp } from "./support/flows";
import { freshDatabase, readSetupToken, startServer, type AppServer, type TestDatabase } from "./support/server";

// First run: /setup asks for the one-time token the server printed at start
// (and wrote to DATA_DIR/setup-token, mode 0600). Without it nobody becomes
// the administrator; with it set-up works once, then the token is dead.

test.describe.configure({ mode: "serial", timeout: 240_000 });

const PORT = 4141;
let database: TestDatabase;
let server: AppServer;

test.beforeAll(async () => {
  test.setTimeout(180_000); // seeding and a first start on a fresh database are slow on a busy machine
  database = await freshDatabase();
  server = await startServer(database, {}, PORT);
});

test.afterAll(async () => {
  await server?.stop();
});

async function fillDetails(page: Page, token: string) {
  await page.getByLabel("Set-up token").fill(token);
  await page.getByLabel("Organisation name").fill("Harbour Rights Centre");
  await page.getByLabel("Your name").fill("Ada Admin");
  await page.getByLabel("Your email").fill("ada@ngo.test");
  await page.getByRole("button", { name: "Continue" }).click();
}

test("the token is printed at start and kept in DATA_DIR/setup-token, readable only by the server's user", () => {
  const token = readSetupToken(database);
  expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(fs.statSync(path.join(database.dataDir, "setup-token")).mode & 0o777).toBe(0o600);
  const log = fs.readFileSync(path.join("test-results", `server-${PORT}.log`), "utf8");
  expect(log).toContain(`${server.baseURL}/setup`);
  expect(log).toContain(token);
});

test("/setup without the token, or with a wrong one, says so and goes no further", async ({ page }) => {
  await page.goto(`${server.baseURL}/setup`);
  await fillDetails(page, "");
  await expect(page.getByText("Enter the set-up token.")).toBeVisible();
  await fillDetails(page, "this-is-not-the-token-of-this-server");
  await expect(page.getByText("This is not the set-up token of this server.")).toBeVisible();
  await expect(page.getByLabel("Passphrase", { exact: true })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/setup-token-wrong.png", fullPage: true });

  // The same in Russian.
  await page.context().addCookies([{ name: "casevault-locale", value: "ru", url: server.baseURL }]);
  await page.reload();
  await page.getByLabel("Токен настройки").fill("this-is-not-the-token-of-this-server");
  await page.getByLabel("Название организации").fill("Центр прав человека");
  await page.getByLabel("Ваше имя").fill("Ада Админ");
  await page.getByLabel("Ваша электронная почта").fill("ada@ngo.test");
  await page.getByRole("button", { name: "Далее" }).click();
  await expect(page.getByText("Это не токен настройки этого сервера.")).toBeVisible();
});

test("with the token set-up succeeds once; the file is gone and /setup with it is over", async ({ page }) => {
  const token = readSetupToken(database);
  await page.goto(`${server.baseURL}/setup`);
  await fillDetails(page, token);
  await enrolPassphraseAndTotp(page, "granite harbour willow seventeen");
  await expect(page.getByText("Your account is ready")).toBeVisible();
  expect(fs.existsSync(path.join(database.dataDir, "setup-token"))).toBe(false);
  expect((await page.goto(`${server.baseURL}/setup`))?.status()).toBe(404);
});

test("with SETUP_TOKEN set, no file is written and only that token is accepted", async ({ page }) => {
  const own = await freshDatabase();
  const chosen = "operator-chosen-setup-token-4142";
  const other = await startServer(own, { SETUP_TOKEN: chosen }, 4142);
  try {
    expect(fs.existsSync(path.join(own.dataDir, "setup-token"))).toBe(false);
    expect(fs.readFileSync(path.join("test-results", "server-4142.log"), "utf8")).toContain("SETUP_TOKEN");
    await page.goto(`${other.baseURL}/setup`);
    await fillDetails(page, "operator-chosen-setup-token-4143");
    await expect(page.getByText("This is not the set-up token of this server.")).toBeVisible();
    await fillDetails(page, chosen);
    await expect(page.getByLabel("Passphrase", { exact: true })).toBeVisible();
  } finally {
    await other.stop();
  }
});
