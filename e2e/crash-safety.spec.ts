import { spawnSync } from "node:child_process";
import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { snapshot, type Snapshot } from "./support/consistency";
import { fillSignIn, type Account } from "./support/flows";
import { runScript, type SeededAccount } from "./support/seed";
import { demoDatabase } from "./support/demo-database";
import { databaseEnv, startServer, type AppServer, type TestDatabase } from "./support/server";
import { copyDatabase, dropDatabase } from "./support/template-db";

// Crash safety (docs/operations.md, "Crash safety"). For each write the
// server is started with CASEVAULT_FAULT_POINT naming a point inside the
// write's transaction (after its first write) or right after its commit
// (before the answer); the write is made through the real UI in Chromium;
// the server kills itself with SIGKILL there. Then, on the database as the
// crash left it: nothing is half-done (support/consistency.ts), an
// unanswered write is either wholly there (after commit) or not at all (in
// the transaction). The app is restarted on the same database and port; the
// browser, still open, retries: the retry completes what was lost, or is
// recognised, never doubled. Last, the audit chain verifies (npm run
// audit:verify). The reminder tick has no browser side: it runs through its
// script entry point (npm run reminders:tick), as cron would.
// One seeded template database is copied for each scenario. The same file
// runs on the embedded database and, with DATABASE_URL, on PostgreSQL.

test.describe.configure({ mode: "serial", timeout: 420_000 });
test.use({ baseURL: undefined });

/** One port for every server of this file, so a restarted server is where the open browser expects it. */
const PORT = Number(process.env.CRASH_E2E_PORT ?? 4410);
const quiet = { REMINDER_INTERVAL_SECONDS: "0" };

let template: TestDatabase;
let seeded: SeededAccount[];
const databases: TestDatabase[] = [];
let server: AppServer | null = null;

const account = (role: string) => seeded.find((a) => a.role === role)!;

test.beforeAll(async () => {
  // This spec's own copy of the run's demo template, copied again per scenario.
  ({ database: template, accounts: seeded } = await demoDatabase());
  expect(seeded.length).toBeGreaterThanOrEqual(4);
});

test.afterAll(async () => {
  await server?.stop();
  for (const database of [...databases, template]) if (database) await dropDatabase(database);
});

async function scenarioDatabase(): Promise<TestDatabase> {
  const database = await copyDatabase(template);
  databases.push(database);
  return database;
}

async function startWithFault(database: TestDatabase, point: string): Promise<AppServer> {
  server = await startServer(database, { ...quiet, CASEVAULT_FAULT_POINT: point }, PORT);
  return server;
}

async function restart(database: TestDatabase): Promise<AppServer> {
  server = await startServer(database, quiet, PORT);
  return server;
}

async function stop(): Promise<void> {
  await server?.stop();
  server = null;
}

/** The server ended by its own SIGKILL (not a clean exit, not a refusal). */
async function expectKilled(app: AppServer): Promise<void> {
  const ended = await Promise.race([app.exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000))]);
  expect(ended).toEqual({ code: null, signal: "SIGKILL" });
  server = null;
}

// Each scenario's database is new, so no code step was used on it yet.
const codeNow = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" }).generate();

/** Signs the first version of a testimony that records no consent: the editor asks, and this answers "sign". */
async function signWithoutConsent(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Save and sign version 1" }).click();
  await page.getByRole("dialog", { name: "Sign without any consent recorded?" }).getByRole("button", { name: "Sign without consent" }).click();
}

async function signedIn(browser: Browser, app: AppServer, who: Account): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${app.baseURL}/sign-in`);
  // On a busy 2-core CI machine the key derivation (Argon2id, 64 MiB) can
  // outlast the code's 30-second step: then sign in again with a fresh code.
  for (let attempt = 1; ; attempt++) {
    await fillSignIn(page, who, codeNow(who.secret));
    const button = page.getByRole("button", { name: "Sign in" });
    const refused = page.getByRole("alert").filter({ hasText: "The email, passphrase or code is not right." });
    // Busy while the keys are derived; then either away from /sign-in, or back with the refusal.
    await expect(button).toBeDisabled({ timeout: 5_000 }).catch(() => undefined);
    await expect
      .poll(async () => !page.url().includes("/sign-in") || ((await refused.count()) > 0 && (await button.isEnabled().catch(() => false))), { timeout: 120_000 })
      .toBe(true);
    if (!page.url().includes("/sign-in")) return page;
    if (attempt === 3) throw new Error(`sign-in refused three times for ${who.email}`);
  }
}

/** flows.unlock, with the patience of a busy machine. */
async function unlockPatiently(page: Page, passphrase: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Unlock" })).toBeVisible({ timeout: 60_000 });
  await page.getByRole("textbox", { name: "Passphrase", exact: true }).fill(passphrase);
  await page.getByRole("button", { name: "Unlock" }).click();
  await expect(page.getByRole("heading", { name: "Unlock" })).toHaveCount(0, { timeout: 120_000 });
}

async function openDemoCase(page: Page): Promise<string> {
  await page.getByRole("link", { name: "Cases", exact: true }).click();
  await page.getByRole("link", { name: "Арман Сафаров" }).click();
  await expect(page.getByRole("heading", { name: "Арман Сафаров" })).toBeVisible({ timeout: 60_000 });
  return page.url().split("/").pop()!;
}

/** The database as it is, with no rule of consistency broken. */
async function consistent(database: TestDatabase, caseId?: string): Promise<Snapshot> {
  const snap = await snapshot(database, caseId);
  expect(snap.broken).toEqual([]);
  return snap;
}

/** The chain walks from the first event to the last (--full): an event torn by the crash, or lost from the middle, would break it. */
function expectAuditChainVerifies(database: TestDatabase): void {
  const verify = runScript("audit:verify", database, {}, ["--full"]);
  expect(verify.status, `${verify.stdout}\n${verify.stderr}`).toBe(0);
  expect(verify.stdout).not.toMatch(/BROKEN/);
}

const noAnswer = "No answer from the server, so this may or may not have been saved.";

for (const when of ["in-tx", "after-commit"] as const) {
  const committed = when === "after-commit";
  const plus = committed ? 1 : 0;

  test(`testimony version save, killed ${when}: ${committed ? "saved whole; the retry is refused as a conflict" : "nothing saved; the draft is kept; the retry saves once"}`, async ({ browser }) => {
    const database = await scenarioDatabase();
    const before = await consistent(database);
    const app = await startWithFault(database, `testimony.save.${when}`);
    const page = await signedIn(browser, app, account("caseworker"));
    await openDemoCase(page);
    await page.getByRole("tab", { name: "Testimonies" }).click();
    await page.getByRole("button", { name: "Record a testimony" }).click();
    await expect(page.getByRole("heading", { name: "New testimony" })).toBeVisible({ timeout: 20_000 });
    await page.getByLabel("Account in the person's own words").fill(`Показания, записанные до сбоя (${when}).`);
    await expect(page.getByTestId("draft-status")).toBeVisible({ timeout: 15_000 });
    // No consent entry: signing asks first; going back signs nothing.
    await page.getByRole("button", { name: "Save and sign version 1" }).click();
    await expect(page.getByRole("dialog", { name: "Sign without any consent recorded?" }).getByRole("heading", { name: "Sign without any consent recorded?" })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/testimony-no-consent-${when}.png` });
    await page.getByRole("button", { name: "Go back and add consent" }).click();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    await signWithoutConsent(page);
    await expectKilled(app);
    await expect(page.getByText(noAnswer)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(/Saved and signed/)).toHaveCount(0);

    // The database as the crash left it. Committed: the draft went with the
    // save. Not committed: the work is still in the draft.
    const crashed = await consistent(database);
    expect(crashed.testimonyVersions).toBe(before.testimonyVersions + plus);
    expect(crashed.versionSavedEvents).toBe(before.versionSavedEvents + plus);
    expect(crashed.drafts).toBe(committed ? 0 : 1);

    await restart(database);
    await signWithoutConsent(page);
    if (committed) {
      await expect(page.getByText("Someone saved a newer version meanwhile.", { exact: false })).toBeVisible({ timeout: 30_000 });
    } else {
      await expect(page.getByText("Saved and signed as version 1.")).toBeVisible({ timeout: 30_000 });
    }
    await stop();
    const after = await consistent(database);
    expect(after.testimonyVersions).toBe(before.testimonyVersions + 1);
    expectAuditChainVerifies(database);
  });

  test(`case creation, killed ${when}: ${committed ? "the case is whole; the retry opens it, not a second one" : "no case at all; the retry opens it once"}`, async ({ browser }) => {
    const database = await scenarioDatabase();
    const before = await consistent(database);
    const name = `Crash ${when} Тест`;
    const app = await startWithFault(database, `case.create.${when}`);
    const page = await signedIn(browser, app, account("coordinator"));
    await page.getByRole("link", { name: "Cases", exact: true }).click();
    await page.getByRole("link", { name: "Open a case" }).click();
    await page.getByLabel("Full name").fill(name);
    await page.getByLabel("Risk level").selectOption("low");
    await page.getByRole("button", { name: "Open case" }).click();
    await expectKilled(app);
    await expect(page.getByText(noAnswer)).toBeVisible({ timeout: 20_000 });

    const crashed = await consistent(database);
    expect(crashed.cases).toBe(before.cases + plus);
    expect(crashed.keyEpochs).toBe(before.keyEpochs + plus);

    await restart(database);
    await page.getByRole("button", { name: "Open case" }).click();
    // The profile decrypts with the key granted by whichever attempt committed.
    await expect(page.getByRole("heading", { name })).toBeVisible({ timeout: 30_000 });
    await stop();
    const after = await consistent(database);
    expect(after.cases).toBe(before.cases + 1);
    expectAuditChainVerifies(database);
  });

  test(`member removal with key rotation, killed ${when}: ${committed ? "removed and rotated, the removed lawyer gets 404" : "still a member at the old epoch; the retry rotates once"}`, async ({ browser }) => {
    const database = await scenarioDatabase();
    const app = await startWithFault(database, `member.remove.${when}`);
    const page = await signedIn(browser, app, account("coordinator"));
    const caseId = await openDemoCase(page);
    await page.getByRole("tab", { name: "Team" }).click();
    await expect(page.getByText(/3 members · key version\s1/)).toBeVisible();
    await page.getByTestId("member-Olga Lawyer").getByRole("button", { name: "Remove from case" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove from case" }).click();
    await expectKilled(app);
    await expect(page.getByText(noAnswer)).toBeVisible({ timeout: 20_000 });

    const crashed = await consistent(database, caseId);
    expect(crashed).toMatchObject(committed ? { lawyerIsMember: 0, currentEpoch: 2, epoch2Grants: 2 } : { lawyerIsMember: 1, currentEpoch: 1, epoch2Grants: 0 });

    const restarted = await restart(database);
    if (committed) {
      await page.reload();
      await unlockPatiently(page, account("coordinator").passphrase);
      await page.getByRole("tab", { name: "Team" }).click();
      await expect(page.getByText(/2 members · key version\s2/)).toBeVisible({ timeout: 20_000 });
      const lawyer = await signedIn(browser, restarted, account("lawyer"));
      expect((await lawyer.goto(`${restarted.baseURL}/cases/${caseId}`))?.status()).toBe(404);
    } else {
      await page.getByTestId("member-Olga Lawyer").getByRole("button", { name: "Remove from case" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Remove from case" }).click();
      await expect(page.getByText(/2 members · key version\s2/)).toBeVisible({ timeout: 20_000 });
    }
    await stop();
    expect(await consistent(database, caseId)).toMatchObject({ lawyerIsMember: 0, currentEpoch: 2, epoch2Grants: 2 });
    expectAuditChainVerifies(database);
  });

  test(`evidence finalise, killed ${when}: ${committed ? "ready once; the browser's retry sees it ready" : "still an unfinished upload; the browser's retry finalises it once"}`, async ({ browser }) => {
    const database = await scenarioDatabase();
    const before = await consistent(database);
    const app = await startWithFault(database, `evidence.finalise.${when}`);
    const page = await signedIn(browser, app, account("caseworker"));
    await openDemoCase(page);
    await page.getByRole("tab", { name: "Evidence" }).click();
    const file = `crash-${when}.txt`;
    await page.getByLabel("Choose files to upload").setInputFiles({ name: file, mimeType: "text/plain", buffer: Buffer.from(`Заключение врача (${when})\n`) });
    await page.getByRole("form", { name: "Describe the files" }).getByRole("group", { name: file }).getByLabel("Description").fill("Медицинское заключение");
    await page.getByRole("button", { name: "Encrypt and upload 1 file" }).click();
    await expectKilled(app);
    const row = page.getByTestId("upload-row").filter({ hasText: file });
    await expect(row).toBeVisible();
    await expect(row).not.toContainText("Uploaded");

    // While the browser keeps retrying the finalise against a dead server.
    const crashed = await consistent(database);
    expect(crashed.evidenceReady).toBe(before.evidenceReady + plus);
    expect(crashed.evidenceUploading).toBe(before.evidenceUploading + 1 - plus);

    await restart(database);
    await expect(row).toContainText("Uploaded", { timeout: 120_000 });
    await expect(page.getByTestId("evidence-row").filter({ hasText: file })).toContainText("Uploader's signature verified", { timeout: 20_000 });
    await stop();
    const after = await consistent(database);
    expect(after).toMatchObject({ evidenceReady: before.evidenceReady + 1, evidenceUploading: before.evidenceUploading, uploadedEvents: before.uploadedEvents + 1 });
    expectAuditChainVerifies(database);
  });
}

test("reminder tick (npm run reminders:tick), killed after its insert: the next tick completes it without a duplicate", async () => {
  const database = await scenarioDatabase();
  const before = await consistent(database);
  const env = { ...process.env, ...databaseEnv(database) };
  const tick = (fault?: string) =>
    spawnSync("npm", ["run", "--silent", "reminders:tick"], { encoding: "utf8", env: fault ? { ...env, CASEVAULT_FAULT_POINT: fault } : env });

  const killed = tick("reminders.tick.after-insert");
  expect(killed.status, killed.stderr).not.toBe(0);
  expect(killed.stdout).not.toMatch(/"created"/); // it never reported
  const crashed = await consistent(database);
  expect(crashed.reminders).toBeGreaterThan(before.reminders); // the demo deadlines owe reminders, and they were inserted

  const next = tick();
  expect(next.status, next.stderr).toBe(0);
  const created = (JSON.parse(next.stdout) as { created: number }).created;
  const after = await consistent(database);
  expect(after.reminders).toBe(crashed.reminders + created);
  const again = tick();
  expect(JSON.parse(again.stdout)).toMatchObject({ created: 0 });
  expect((await consistent(database)).reminders).toBe(after.reminders);
  expectAuditChainVerifies(database);
});
