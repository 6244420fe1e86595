import { expect, test } from "./support/test";
import { signIn } from "./support/flows";
import { runScript, seedDemo } from "./support/seed";
import { freshDatabase, startServer } from "./support/server";

// `npm run seed:demo` makes users who can really sign in: keys derived as
// the browser derives them, a working second factor, printed once.

test("the demo seed's printed credentials sign in, and the audit chain verifies", async ({ page }) => {
  test.setTimeout(300_000); // four Argon2id enrolments, a fresh server and two unlocks: slow on a loaded CI machine
  const database = await freshDatabase();
  const { accounts } = seedDemo(database);
  expect(accounts.map((a) => a.role)).toEqual(["admin", "coordinator", "caseworker", "lawyer"]);
  expect(runScript("seed:demo", database).status, "a second seed is refused").not.toBe(0);

  const server = await startServer(database);
  try {
    await page.goto(`${server.baseURL}/sign-in`);
    await signIn(page, accounts.find((a) => a.role === "coordinator")!);
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Nino Coordinator" })).toBeVisible();

    // The demo case opens, decrypted in the browser, with its team and history.
    await page.getByRole("link", { name: "Cases" }).click();
    await expect(page.getByRole("link", { name: "Арман Сафаров" })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/case-list.png", fullPage: true });
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

    // The same case in Russian (a reload: keys are asked for again).
    await page.context().addCookies([{ name: "casevault-locale", value: "ru", url: server.baseURL }]);
    await page.reload();
    await page.getByLabel("Парольная фраза").fill(accounts.find((a) => a.role === "coordinator")!.passphrase);
    await page.getByRole("button", { name: "Разблокировать" }).click();
    await expect(page.getByRole("tab", { name: "Человек" })).toBeVisible();
    await expect(page.getByText("Документирование").first()).toBeVisible();
    await page.screenshot({ path: "test-results/screens/case-profile-ru.png", fullPage: true });
    // The admin's audit page shows the head hash to record out of band.
    const admin = await page.context().browser()!.newPage();
    await admin.goto(`${server.baseURL}/sign-in`);
    await signIn(admin, accounts.find((a) => a.role === "admin")!);
    await admin.getByRole("link", { name: "Audit log" }).click();
    await expect(admin.getByTestId("audit-head")).toHaveText(/^[0-9a-f]{64}$/);
    await admin.screenshot({ path: "test-results/screens/admin-audit.png", fullPage: true });
  } finally {
    await server.stop();
  }
  const verified = runScript("audit:verify", database);
  expect(verified.stdout).toMatch(/^OK: checked .+\.\nHead: [0-9a-f]{64} \(event #[\d,]+\)\.$/m);
});
