import { expect, test } from "./support/test";
import { enrolWithRecoveryCodes, fillSignIn, type Account } from "./support/flows";
import { freshDatabase, readSetupToken, startServer, type AppServer, type TestDatabase } from "./support/server";
import { nextCode, unspentCode } from "./support/totp";

// A lost phone does not need an admin: enrolment shows ten recovery codes
// once, each signs in once instead of the authenticator code, and Account
// shows how many are left. Also: the sign-in answers for the abuse limits.

test.describe.configure({ mode: "serial", timeout: 180_000 });

let server: AppServer;
let database: TestDatabase;
const admin = { email: "rc-admin@ngo.test", passphrase: "pebble lighthouse saffron orbit", name: "Rita Recovery" };
let account: Account;
let codes: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(150_000); // starting a server with a fresh database is slow on a busy machine
  // A private server on a port of its own, so its address bucket is this spec's alone.
  database = await freshDatabase();
  server = await startServer(database, {}, Number(process.env.E2E_PRIVATE_PORT ?? 4511));
});
test.afterAll(async () => server?.stop());
test.use({ baseURL: undefined });

test("enrolment shows ten recovery codes once, and goes on only after they are acknowledged", async ({ page }) => {
  await page.goto(`${server.baseURL}/setup`);
  await page.getByLabel("Set-up token").fill(readSetupToken(database));
  await page.getByLabel("Organisation name").fill("Lighthouse Legal Aid");
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Your email").fill(admin.email);
  await page.getByRole("button", { name: "Continue" }).click();
  const enrolled = await enrolWithRecoveryCodes(page, admin.passphrase);
  codes = enrolled.recoveryCodes;
  account = { ...admin, secret: enrolled.secret };
  expect(new Set(codes).size).toBe(10);
  for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
});

test("a recovery code signs in once instead of the authenticator code; the second use is refused", async ({ page }) => {
  await page.goto(`${server.baseURL}/sign-in`);
  await fillSignIn(page, account, codes[0]!);
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 90_000 });
  await page.getByRole("button", { name: admin.name }).click();
  await page.getByRole("menuitem", { name: "Your account" }).click();
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("9 of 10 recovery codes unused.");
  await page.screenshot({ path: "test-results/screens/account-recovery-codes.png", fullPage: true });

  await page.getByRole("button", { name: admin.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await fillSignIn(page, account, codes[0]!);
  await expect(page.getByText("The email, passphrase or code is not right.")).toBeVisible({ timeout: 90_000 });
});

test("new recovery codes from Account need the second factor and are shown once", async ({ page }) => {
  await page.goto(`${server.baseURL}/sign-in`);
  await fillSignIn(page, account, await nextCode(account.secret));
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 90_000 });
  await page.getByRole("button", { name: admin.name }).click();
  await page.getByRole("menuitem", { name: "Your account" }).click();
  const section = page.getByRole("region", { name: "Recovery codes" });
  await section.getByLabel("Authenticator code or recovery code").fill(codes[1]!);
  await section.getByRole("button", { name: "Create new recovery codes" }).click();
  const fresh = section.getByRole("list", { name: "Recovery codes" });
  await expect(fresh.getByRole("listitem")).toHaveCount(10);
  const renewed = (await fresh.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(renewed.some((c) => codes.includes(c))).toBe(false);
  await expect(page.getByTestId("recovery-codes-left")).toHaveText("10 of 10 recovery codes unused.");
  const old = codes;
  codes = renewed;
  // The old, unused ones are void now.
  await page.getByRole("button", { name: admin.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await fillSignIn(page, account, old[3]!);
  await expect(page.getByText("The email, passphrase or code is not right.")).toBeVisible({ timeout: 90_000 });
  await fillSignIn(page, account, codes[2]!);
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 90_000 });
});

test("a refused sign-in tells the person how long to wait, and the callback carries Retry-After", async ({ page }) => {
  await page.goto(`${server.baseURL}/sign-in`);
  const backoff = page.getByText(/Too many failed attempts for this account\. Wait \d+ seconds?/);
  let retryAfter: string | null = null;
  page.on("response", (response) => {
    if (response.url().includes("/api/auth/callback/credentials") && response.headers()["retry-after"]) retryAfter = response.headers()["retry-after"]!;
  });
  for (let i = 0; i < 12 && !(await backoff.isVisible()); i++) {
    await fillSignIn(page, { ...account, passphrase: "not the passphrase at all" }, unspentCode(account.secret));
    await expect(page.getByLabel("Passphrase")).toHaveValue("", { timeout: 90_000 });
  }
  await expect(backoff).toBeVisible();
  expect(Number(retryAfter)).toBeGreaterThan(0);
});
