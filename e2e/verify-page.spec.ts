import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "./support/test";

// verify.html with trusted timestamps, in Chromium, from file:// (no server:
// the bundle is made by support/make-stamped-bundle.ts, its manifest stamped
// by a local TSA — openssl ts). The reader gives the fingerprints and, as a
// court would be given it, the TSA's certificate: without it the page says the
// timestamps are not verified; with it, PASS; with another authority's
// certificate, FAIL.

test("verify.html checks a stamped bundle's timestamps against the TSA certificate the reader chooses", async ({ browser }) => {
  const dir = mkdtempSync(path.join(tmpdir(), "cv-verify-page-"));
  const files = { zip: path.join(dir, "bundle.zip"), ca: path.join(dir, "tsa-ca.pem"), rogue: path.join(dir, "rogue-ca.pem"), page: path.join(dir, "verify.html") };
  copyFileSync(path.join("public", "verify.html"), files.page);
  const made = spawnSync("npx", ["tsx", "--tsconfig", "scripts/tsconfig.json", "e2e/support/make-stamped-bundle.ts", dir, files.page], { encoding: "utf8" });
  expect(made.status, made.stderr).toBe(0);
  const fingerprints = readFileSync(path.join(dir, "fingerprints.txt"), "utf8");

  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith("file://")) requests.push(request.url());
  });
  await page.goto(pathToFileURL(files.page).href);
  await page.locator("#fingerprints-label").click();
  await page.locator("#fingerprints").fill(fingerprints);
  await page.getByLabel("Choose the bundle (.zip file)").setInputFiles(files.zip);
  await expect(page.getByRole("heading", { name: "Signatures valid, timestamps NOT verified" })).toBeVisible({ timeout: 30_000 });

  await expect(page.locator("#tsa-label")).toHaveText("Time-stamping authority (optional)");
  await page.locator("#tsa-label").click();
  await page.locator("#tsa-cert").setInputFiles(files.ca);
  await expect(page.getByRole("heading", { name: "PASS", exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("#about")).toContainText(/Timestamped .* by Casevault Test TSA, checked against the certificate you chose/);
  await page.screenshot({ path: "test-results/screens/verify-page-tsa-pass.png", fullPage: true });

  await page.locator("#tsa-cert").setInputFiles(files.rogue);
  await expect(page.getByRole("heading", { name: "FAIL", exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("#report")).toContainText("untrusted TSA");
  expect(requests).toEqual([]);
  await context.close();
});
