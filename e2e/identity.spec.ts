import type { Page, Request } from "@playwright/test";
import { expect, test } from "./support/test";
import { deriveKeys } from "../lib/crypto/kdf";
import { dumpDatabase, markerForms } from "./support/db-dump";
import { acceptInvitation, enrolPassphraseAndTotp, fillSignIn, signIn, unlock, type Account } from "./support/flows";
import { freshDatabase, readSetupToken, startServer, type AppServer, type TestDatabase } from "./support/server";
import { nextCode, unspentCode, wrongCode } from "./support/totp";

// The identity story on a fresh organisation: first-run set-up, invitations,
// zero-knowledge sign-in, unlock after reload, auto-lock, quick exit,
// deactivation, and the failures a person meets. Serial: each step builds on
// the last. The app runs on a database of its own, dumped at the end.

// Each account may need to wait for a fresh authenticator code (30 s steps).
test.describe.configure({ mode: "serial", timeout: 300_000 });

let database: TestDatabase;
let server: AppServer;
const bodies: string[] = [];
const admin = { email: "admin@ngo.test", passphrase: "granite harbour willow seventeen", name: "Ada Admin" };
const people = {
  coordinator: { email: "coord@ngo.test", name: "Nino Coordinator", passphrase: "lantern orchard kestrel quietly" },
  caseworker: { email: "casework@ngo.test", name: "Aram Caseworker", passphrase: "тихий ветер над старой рекой" },
  lawyer: { email: "lawyer@ngo.test", name: "Olga Lawyer", passphrase: "copper meadow violin harbour" },
} as const;
const changedPassphrase = "harbour lantern otter meadow";
const accounts = new Map<string, Account>();

function recordBodies(page: Page) {
  page.on("request", (request: Request) => {
    const body = request.postDataBuffer();
    if (body) bodies.push(body.toString("utf8"));
    bodies.push(request.url());
  });
}

test.beforeAll(async () => {
  test.setTimeout(180_000); // a first start on a fresh database is slow on a busy machine
  database = await freshDatabase();
  server = await startServer(database);
});

test.afterAll(async () => {
  await server?.stop();
});

test.use({ baseURL: undefined });
test.beforeEach(({ page }) => recordBodies(page));

test("first run: the admin sets up the organisation, then /setup is gone", async ({ page }) => {
  await page.goto(`${server.baseURL}/sign-in`);
  await page.getByRole("link", { name: "Set it up" }).click();
  await expect(page.getByRole("heading", { name: "Set up your organisation" })).toBeVisible();
  await page.getByLabel("Set-up token").fill(readSetupToken(database));
  await page.getByLabel("Organisation name").fill("Harbour Rights Centre");
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Your email").fill(admin.email);
  await page.getByRole("button", { name: "Continue" }).click();

  // Weak choices are refused at the field, in plain words.
  await page.getByLabel("Passphrase", { exact: true }).fill("qwerty123456");
  await page.getByLabel("Repeat the passphrase").fill("qwerty123456");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("This is one of the most common passwords")).toBeVisible();
  await page.getByLabel("Passphrase", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Use at least 12 characters")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/setup-passphrase.png", fullPage: true });

  const secret = await enrolPassphraseAndTotp(page, admin.passphrase);
  accounts.set("admin", { ...admin, secret });
  await expect(page.getByText("Your account is ready")).toBeVisible();

  const again = await page.goto(`${server.baseURL}/setup`);
  expect(again?.status()).toBe(404);
});

test("the admin invites a coordinator, a caseworker and a lawyer; each enrols and signs in", async ({ page, browser }) => {
  await page.goto(`${server.baseURL}/sign-in`);
  await signIn(page, accounts.get("admin")!);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();

  const links: Record<string, string> = {};
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  for (const [role, who] of Object.entries(people)) {
    await page.getByLabel("Email").fill(who.email);
    await page.getByLabel("Role", { exact: true }).selectOption(role);
    await page.getByRole("button", { name: "Create invitation link" }).click();
    const link = await page.getByTestId("invite-link").inputValue();
    expect(link).toMatch(/\/invite#[A-Za-z0-9_-]{43}$/);
    links[role] = link;
    // Each new link starts un-copied, even right after the one before was copied.
    const status = page.getByRole("status").filter({ has: page.getByTestId("invite-link") });
    await expect(status.getByRole("button")).toHaveText("Copy");
    await status.getByRole("button", { name: "Copy" }).click();
    await expect(status.getByRole("button")).toHaveText("Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  }
  await expect(page.getByRole("row", { name: /lawyer@ngo\.test.*Waiting/ })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/admin-users.png", fullPage: true });

  for (const [role, who] of Object.entries(people)) {
    const context = await browser.newContext();
    const invitee = await context.newPage();
    recordBodies(invitee);
    const account = await acceptInvitation(invitee, links[role]!, who);
    accounts.set(role, account);
    await signIn(invitee, account);
    await expect(invitee.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(invitee.getByRole("button", { name: who.name })).toBeVisible();
    await context.close();

    // A link works once.
    const reuse = await browser.newPage();
    await reuse.goto(links[role]!);
    await expect(reuse.getByText("not valid, or it was already used")).toBeVisible();
    await reuse.close();
  }
  await page.reload();
  await unlock(page, admin.passphrase);
  await expect(page.getByTestId("user-row-lawyer@ngo.test")).toContainText("Keys set");
});

test("reload shows the unlock screen; the passphrase opens the keys again, a wrong one does not", async ({ page }) => {
  const coordinator = accounts.get("coordinator")!;
  await page.goto(`${server.baseURL}/sign-in`);
  await signIn(page, coordinator);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Unlock" })).toBeVisible();
  await page.getByLabel("Passphrase").fill("not my passphrase at all");
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect(page.getByText("That passphrase does not open your keys.")).toBeVisible();
  await page.screenshot({ path: "test-results/screens/unlock.png", fullPage: true });
  await unlock(page, coordinator.passphrase);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  // In-app navigation keeps the keys (a full page load would not).
  await openAccountPage(page, people.coordinator.name);
  await expect(page.getByTestId("fingerprint")).toHaveText(/^(\d{5} ){7}\d{5}$/);
});

test("changing the passphrase: the old one stops working at once, the keys stay", async ({ page }) => {
  const coordinator = accounts.get("coordinator")!;
  const next = changedPassphrase;
  await page.goto(`${server.baseURL}/sign-in`);
  await signIn(page, coordinator);
  await openAccountPage(page, people.coordinator.name);
  const fingerprint = await page.getByTestId("fingerprint").textContent();
  // The Account page has two forms that ask for a code (this one and new recovery codes): this one by its heading.
  const form = page.getByRole("region", { name: "Change passphrase" });
  await form.getByLabel("Current passphrase").fill(coordinator.passphrase);
  await form.getByLabel("Authenticator code or recovery code").fill(await nextCode(coordinator.secret));
  await form.getByLabel("New passphrase", { exact: true }).fill(next);
  await form.getByLabel("Repeat the new passphrase").fill(next);
  await form.getByRole("button", { name: "Change passphrase" }).click();
  await expect(page.getByText("Passphrase changed.")).toBeVisible({ timeout: 20_000 });

  await page.getByRole("button", { name: people.coordinator.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await fillSignIn(page, coordinator, unspentCode(coordinator.secret));
  await expect(page.getByText("The email, passphrase or code is not right.")).toBeVisible({ timeout: 30_000 }); // after key derivation in the browser
  accounts.set("coordinator", { ...coordinator, passphrase: next });
  await signIn(page, accounts.get("coordinator")!);
  await openAccountPage(page, people.coordinator.name);
  await expect(page.getByTestId("fingerprint")).toHaveText(fingerprint ?? "");
});

test("the admin sets the auto-lock time; a browser wipes its keys after it, and the session stays", async ({ page, browser }) => {
  const adminPage = await browser.newPage();
  recordBodies(adminPage);
  await adminPage.goto(`${server.baseURL}/sign-in`);
  await signIn(adminPage, accounts.get("admin")!);
  await adminPage.getByRole("link", { name: "Settings" }).click();
  await adminPage.getByLabel(/Auto-lock after/).fill("500");
  await adminPage.getByRole("button", { name: "Save" }).click();
  await expect(adminPage.getByText("Enter a whole number of minutes from 1 to 240.")).toBeVisible();
  await adminPage.getByLabel(/Auto-lock after/).fill("3");
  await adminPage.getByRole("button", { name: "Save" }).click();
  await expect(adminPage.getByText("Saved.")).toBeVisible();
  await adminPage.screenshot({ path: "test-results/screens/admin-settings.png", fullPage: true });
  await adminPage.close();

  await page.clock.install();
  await page.goto(`${server.baseURL}/sign-in`);
  await signIn(page, accounts.get("lawyer")!);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.clock.fastForward("02:30");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await page.clock.fastForward("01:00");
  await expect(page.getByRole("heading", { name: "Unlock" })).toBeVisible();
  await page.getByLabel("Passphrase").fill(people.lawyer.passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});

test("quick exit: Escape three times wipes keys, ends the session and leaves nothing to go back to; closing a list with Escape does not", async ({ page }) => {
  await page.goto(`${server.baseURL}/sign-in`);
  await signIn(page, accounts.get("lawyer")!);
  await openAccountPage(page, people.lawyer.name);
  await expect(page.getByTestId("fingerprint")).toHaveText(/\d{5}/);

  // Two quick Escapes that close an open list (as one would close a dialog) keep the person at work.
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("option", { name: "Русский" })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("option", { name: "Русский" })).toHaveCount(0);
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("fingerprint")).toHaveText(/\d{5}/);

  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/\/exit$/);
  await expect(page).toHaveTitle("New Tab");
  await expect(page.locator("body")).not.toContainText("Casevault");

  // Back leads to a page whose keys were wiped when it was left.
  await page.goBack();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toHaveCount(0);
  await expect(page.getByTestId("fingerprint")).toHaveCount(0);
  await page.goto(`${server.baseURL}/account`);
  await expect(page).toHaveURL(/\/sign-in$/);

  // Shift+Escape leaves at once.
  await signIn(page, accounts.get("lawyer")!);
  await page.keyboard.press("Shift+Escape");
  await expect(page).toHaveURL(/\/exit$/);
  await page.goto(`${server.baseURL}/`);
  await expect(page).toHaveURL(/\/sign-in$/);

  // The button does the same.
  await signIn(page, accounts.get("lawyer")!);
  await page.getByRole("button", { name: "Quick exit" }).click();
  await expect(page).toHaveURL(/\/exit$/);
  await page.goto(`${server.baseURL}/`);
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a deactivated user is thrown out on the next click", async ({ page, browser }) => {
  const caseworkerContext = await browser.newContext();
  const caseworker = await caseworkerContext.newPage();
  recordBodies(caseworker);
  await caseworker.goto(`${server.baseURL}/sign-in`);
  await signIn(caseworker, accounts.get("caseworker")!);
  await expect(caseworker.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  await page.goto(`${server.baseURL}/sign-in`);
  await signIn(page, accounts.get("admin")!);
  await page.getByTestId("user-row-casework@ngo.test").getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByTestId("user-row-casework@ngo.test")).toContainText("Deactivated");

  await openAccountPage(caseworker, people.caseworker.name, false);
  await expect(caseworker).toHaveURL(/\/sign-in$/);

  // And cannot sign in again, with the same message as any wrong credential.
  await fillSignIn(caseworker, accounts.get("caseworker")!, unspentCode(accounts.get("caseworker")!.secret));
  await expect(caseworker.getByText("The email, passphrase or code is not right.")).toBeVisible({ timeout: 30_000 }); // after key derivation in the browser
  await caseworkerContext.close();
});

test("wrong passphrase, wrong code and too many tries give clear messages", async ({ page }) => {
  const lawyer = accounts.get("lawyer")!;
  await page.goto(`${server.baseURL}/sign-in`);
  await fillSignIn(page, { ...lawyer, passphrase: "wrong passphrase entirely" }, unspentCode(lawyer.secret));
  await expect(page.getByText("The email, passphrase or code is not right.")).toBeVisible({ timeout: 30_000 }); // after key derivation in the browser
  await fillSignIn(page, lawyer, wrongCode(lawyer.secret));
  await expect(page.getByText("The email, passphrase or code is not right.")).toBeVisible({ timeout: 30_000 }); // after key derivation in the browser
  await page.screenshot({ path: "test-results/screens/sign-in-error.png", fullPage: true });
  // From the 5th failure the account backs off 1 s, 2 s, 4 s, 8 s… (attempts inside a wait
  // are not counted). Fail after each wait until the wait outlasts the browser's key
  // derivation with room to spare, so the next try surely lands inside it.
  const backoff = page.getByText(/Too many failed attempts for this account\. Wait \d+ seconds?/);
  const invalid = page.getByText("The email, passphrase or code is not right.");
  let waitSeconds = 0;
  for (let i = 0; i < 20 && waitSeconds < 8; i++) {
    await fillSignIn(page, lawyer, wrongCode(lawyer.secret));
    await expect(page.getByLabel("Passphrase")).toHaveValue("", { timeout: 30_000 }); // the form clears it when an answer arrives
    await expect(invalid.or(backoff)).toBeVisible({ timeout: 30_000 });
    if (await backoff.isVisible()) {
      waitSeconds = Number(/Wait (\d+)/.exec((await backoff.textContent()) ?? "")?.[1] ?? 0);
      if (waitSeconds < 8) await page.waitForTimeout(waitSeconds * 1000 + 300);
    }
  }
  expect(waitSeconds).toBeGreaterThanOrEqual(8);
  // During the wait even the right credentials are refused, with the wait named (a new answer: the form cleared again).
  await fillSignIn(page, lawyer, unspentCode(lawyer.secret));
  await expect(page.getByLabel("Passphrase")).toHaveValue("", { timeout: 30_000 });
  await expect(backoff).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toHaveCount(0);
});

test("no passphrase left the browser, and the database holds neither passphrases nor authKeys", async () => {
  await server.stop();
  const dump = await dumpDatabase(database);
  const traffic = bodies.join("\n");
  for (const who of [admin, ...Object.values(people), { passphrase: changedPassphrase }]) {
    for (const form of markerForms(who.passphrase)) {
      expect(traffic).not.toContain(form);
      expect(dump).not.toContain(form);
    }
    expect(traffic).not.toContain(encodeURIComponent(who.passphrase));
  }
  // The dump does hold the users (so the searches above looked in the right place).
  for (const account of accounts.values()) expect(dump).toContain(account.email);
  // Re-derive each authKey exactly as the browser does, from the stored salt.
  const salts = await saltsByEmail();
  for (const account of accounts.values()) {
    const salt = salts.get(account.email);
    expect(salt).toBeDefined();
    const { authKey } = await deriveKeys(account.passphrase, salt!, { alg: "argon2id13", opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 });
    for (const form of [Buffer.from(authKey).toString("hex"), Buffer.from(authKey).toString("base64url"), Buffer.from(authKey).toString("base64").replace(/=+$/, "")]) {
      expect(dump).not.toContain(form);
    }
    // It did travel (as the login secret) — this proves the check above looks for the right thing.
    expect(traffic).toContain(Buffer.from(authKey).toString("base64url"));
  }
});

async function openAccountPage(page: Page, name: string, expectArrival = true) {
  await page.getByRole("button", { name }).click();
  await page.getByRole("menuitem", { name: "Your account" }).click();
  if (expectArrival) await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
}

async function saltsByEmail(): Promise<Map<string, Uint8Array>> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pg = await import("pg");
  const sql = `SELECT email, "kdfSalt" FROM "User" WHERE "kdfSalt" IS NOT NULL`;
  let rows: { email: string; kdfSalt: Uint8Array }[];
  if (database.kind === "pglite") {
    const db = await PGlite.create(`${database.dataDir}/pglite`);
    rows = (await db.query<{ email: string; kdfSalt: Uint8Array }>(sql)).rows;
    await db.close();
  } else {
    const client = new pg.default.Client({ connectionString: database.url });
    await client.connect();
    rows = (await client.query<{ email: string; kdfSalt: Uint8Array }>(sql)).rows;
    await client.end();
  }
  return new Map(rows.map((r) => [r.email, new Uint8Array(r.kdfSalt)]));
}
