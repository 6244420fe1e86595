import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { withSql } from "./support/db-sql";
import { signedInPage } from "./support/flows";
import { runScript, seedDemo } from "./support/seed";
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
    expect(verified.stdout).toMatch(/^OK: \d+ events, head [0-9a-f]{64}/m);
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
