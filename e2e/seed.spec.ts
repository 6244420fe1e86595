import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signIn } from "./support/flows";
import { freshDatabase, startServer, type TestDatabase } from "./support/server";

// `npm run seed:demo` makes users who can really sign in: keys derived as
// the browser derives them, a working second factor, printed once.

function run(script: string, database: TestDatabase) {
  return spawnSync("npm", ["run", "--silent", script], {
    encoding: "utf8",
    env: { ...process.env, ...(database.kind === "pglite" ? { DATA_DIR: database.dataDir, DATABASE_URL: "" } : { DATABASE_URL: database.url }) },
  });
}

test("the demo seed's printed credentials sign in, and the audit chain verifies", async ({ page }) => {
  test.setTimeout(120_000);
  const database = await freshDatabase();
  const seeded = run("seed:demo", database);
  expect(seeded.status, seeded.stderr).toBe(0);
  const accounts = [...seeded.stdout.matchAll(/(\w+)\s+(\S+@demo\.casevault\.test)\s+passphrase:\s+(.+)\n\s+TOTP secret: ([A-Z2-7]{32})/g)].map((m) => ({
    role: m[1]!,
    email: m[2]!,
    passphrase: m[3]!.trim(),
    secret: m[4]!,
  }));
  expect(accounts.map((a) => a.role)).toEqual(["admin", "coordinator", "caseworker", "lawyer"]);
  expect(run("seed:demo", database).status, "a second seed is refused").not.toBe(0);

  const server = await startServer(database);
  try {
    await page.goto(`${server.baseURL}/sign-in`);
    await signIn(page, accounts.find((a) => a.role === "coordinator")!);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Nino Coordinator" })).toBeVisible();

    // The demo case opens, decrypted in the browser, with its team and history.
    await page.getByRole("link", { name: "Cases" }).click();
    await page.getByRole("link", { name: "Арман Сафаров" }).click();
    await expect(page.getByRole("heading", { name: "Арман Сафаров" })).toBeVisible();
    await expect(page.getByText("Arman Safarov · Arman Safaroff")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/case-profile.png", fullPage: true });
    await page.getByRole("tab", { name: "History" }).click();
    await expect(page.getByText("Arman is in hospital for surgery")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/case-history.png", fullPage: true });
    await page.getByRole("tab", { name: "Team" }).click();
    await expect(page.getByTestId("member-Olga Lawyer")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/case-team.png", fullPage: true });
  } finally {
    await server.stop();
  }
  const verified = run("audit:verify", database);
  expect(verified.stdout).toMatch(/^OK: \d+ events, head [0-9a-f]{64}/m);
});
