import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./support/test";
import { withSql } from "./support/db-sql";
import { signedInPage } from "./support/flows";
import { runScript, seedDemo } from "./support/seed";
import { demoDatabase } from "./support/demo-database";
import { freshDatabase, startServer } from "./support/server";

// The audit log while the app runs: `npm run audit:verify` works without
// stopping it (on the embedded database it asks the running app), the Audit
// page shows the newest signed checkpoint and verifies on demand, and the
// admin's browser raises an alarm when a later log no longer extends the
// checkpoint it saw — here after an attacker who controls the database cut
// the log back to before that checkpoint.

const PORT = 4213;

test("audit:verify runs beside the app; the admin's browser alarms after the log is cut back", async ({ browser }) => {
  test.setTimeout(420_000);
  const database = await freshDatabase();
  const { accounts } = seedDemo(database);
  const admin = accounts.find((a) => a.role === "admin")!;
  let server = await startServer(database, {}, PORT);
  try {
    // The app writes its first checkpoint a few seconds after start.
    const checkpoints = path.join(database.dataDir, "audit-checkpoints");
    await expect.poll(() => (fs.existsSync(checkpoints) ? fs.readdirSync(checkpoints).filter((f) => f.endsWith(".json")) : []), { timeout: 90_000 }).toHaveLength(1);

    const verified = runScript("audit:verify", database);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^OK: checked .+\.\nHead: [0-9a-f]{64} \(event #[\d,]+\)\.$/m);
    expect(verified.stdout).toMatch(/Newest signed checkpoint: event #\d+/);
    expect(verified.stdout).toContain(database.kind === "pglite" ? "(verified by the running app" : "(read directly from PostgreSQL");

    const page = await signedInPage(browser, server.baseURL, admin);
    await page.getByRole("link", { name: "Audit log" }).click();
    const seq = (await page.getByTestId("checkpoint-seq").textContent())!;
    expect(Number(seq)).toBeGreaterThan(0);
    await expect(page.getByTestId("checkpoint-head")).toHaveText(/^[0-9a-f]{64}$/);
    await page.getByRole("button", { name: "Verify the log now" }).click();
    await expect(page.getByText(/^Intact: \d+ events up to #\d+/)).toBeVisible();
    // Away and back, in the app (a reload would clear the keys and ask for the passphrase).
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByTestId("audit-watch-ok")).toBeVisible();
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem("casevault.audit.seenCheckpoint")))!)).toMatchObject({ seq });
    await page.screenshot({ path: "test-results/screens/admin-audit-checkpoint.png", fullPage: true });
    await server.stop();

    // The attacker cuts the log back to before the checkpoint (as the
    // database's owner: the trigger is theirs to disable).
    await withSql(database, async (query) => {
      await query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
      await query(`DELETE FROM "AuditEvent" WHERE seq >= $1`, [seq]);
      await query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    });
    const truncated = runScript("audit:verify", database);
    expect(truncated.status).toBe(1);
    expect(truncated.stdout).toContain(`BROKEN at event #${seq}: truncated`);

    // The app starts again and appends new events on the shortened log; the
    // admin's browser still remembers the checkpoint it saw.
    server = await startServer(database, {}, PORT);
    await page.getByRole("link", { name: "Users" }).click();
    await page.getByRole("link", { name: "Audit log" }).click();
    const alarm = page.getByTestId("audit-alarm");
    await expect(alarm).toBeVisible();
    await expect(alarm).toContainText("Warning: the audit log was rewritten");
    await expect(alarm).toContainText(`event #${seq}`);
    await page.screenshot({ path: "test-results/screens/admin-audit-alarm.png", fullPage: true });
    const stillBroken = runScript("audit:verify", database);
    expect(stillBroken.status).toBe(1);
    expect(stillBroken.stdout).toMatch(new RegExp(`BROKEN at event #${seq}`));
  } finally {
    await server.stop();
  }
});

// The Audit page as an admin reads it: sentences, not codes; a filter by
// person and kind that lives in the URL (so it can be linked); the exact
// total with pages; the details of one event. In English and Russian, at
// 1366 px and at 390 px (stacked cards, nothing wider than the screen).
test("the admin reads the log as sentences, filters by person and kind, and the URL carries the filter", async ({ browser }) => {
  test.setTimeout(300_000);
  const { database, accounts } = await demoDatabase();
  const admin = accounts.find((a) => a.role === "admin")!;
  const server = await startServer(database, {}, PORT + 1);
  try {
    const page = await signedInPage(browser, server.baseURL, admin, { viewport: { width: 1366, height: 900 } });
    await page.getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    const events = page.getByTestId("audit-event");
    // The seed's own event, and this sign-in, as sentences.
    await expect(events.filter({ hasText: "Alex Admin set up Casevault for the organisation" })).toHaveCount(1);
    await expect(events.filter({ hasText: "Alex Admin signed in" }).first()).toBeVisible();
    await expect(page.getByTestId("audit-sentence").filter({ hasText: /^[a-z]+\.[a-z_]+$/ })).toHaveCount(0);
    await expect(page.getByTestId("audit-total")).toHaveText(/^\d+ events · Page 1 of 1$/);

    // Details: the exact time with its zone, the ids, the recorded fields, labelled.
    const setup = events.filter({ hasText: "set up Casevault" });
    await setup.locator("summary", { hasText: "Details" }).click();
    await expect(setup.getByText("Exact time")).toBeVisible();
    await expect(setup.locator("dd").filter({ hasText: /UTC/ }).first()).toBeVisible();
    await expect(setup.getByText("setup.completed")).toBeVisible();
    await expect(setup.getByText("Demo data")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/admin-audit-en-1366.png", fullPage: true });

    // Filter by person and kind: the URL carries it, the total is exact.
    const filters = page.getByTestId("audit-filters");
    await filters.getByLabel("Who").selectOption({ label: "Alex Admin" });
    await filters.getByLabel("What").selectOption({ label: "Sign-ins and sessions" });
    await filters.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/\/admin\/audit\?actor=[0-9a-f-]{36}&kind=sign_in/);
    await expect(page.getByTestId("audit-total")).toHaveText("1 event matching the filter · Page 1 of 1");
    await expect(events).toHaveCount(1);
    await expect(events.first()).toHaveAttribute("data-action", "auth.sign_in");
    await expect(filters.getByLabel("Who")).toHaveValue(/^[0-9a-f-]{36}$/);
    await expect(page.getByRole("navigation", { name: "Pages of events" }).getByText("Older")).toHaveAttribute("aria-disabled", "true");

    // A case filter that names nothing says so.
    await filters.getByLabel("Case reference").fill("NO-SUCH");
    await filters.getByRole("button", { name: "Show" }).click();
    await expect(page).toHaveURL(/case=NO-SUCH/);
    await expect(page.getByText("No case reference contains “NO-SUCH”.")).toBeVisible();
    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(filters.getByLabel("Who")).toHaveValue("");
    await expect(filters.getByLabel("Case reference")).toHaveValue("");

    // A phone: stacked cards, nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(events.first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/screens/admin-audit-en-390.png", fullPage: true });

    // Russian, by the language switch (a refresh in the app: the keys stay).
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("option", { name: "Русский" }).click();
    await expect(page.getByRole("heading", { name: "Журнал аудита", level: 1 })).toBeVisible();
    await expect(events.filter({ hasText: "Alex Admin настроил(а) Casevault для организации" })).toHaveCount(1);
    await expect(page.getByTestId("audit-total")).toHaveText(/^\d+ событи[йея]? · Страница 1 из 1$/);
    await page.screenshot({ path: "test-results/screens/admin-audit-ru-1366.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await events.filter({ hasText: "настроил(а)" }).locator("summary").click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-results/screens/admin-audit-ru-390.png", fullPage: true });
  } finally {
    await server.stop();
  }
});
