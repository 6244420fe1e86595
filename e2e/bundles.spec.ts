import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { unzipSync, zipSync } from "fflate";
import { signedInPage as signedInPageAt } from "./support/flows";
import { seedDemo, type SeededAccount } from "./support/seed";
import { freshDatabase, startServer, type AppServer, type TestDatabase } from "./support/server";

// A lawyer builds a three-exhibit bundle from the demo case's evidence,
// reorders it, exports it as a ZIP in the browser; the offline verifier
// passes it, and names the exhibit once one byte of its file is changed.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined });

let database: TestDatabase;
let server: AppServer;
let seeded: SeededAccount[];
let zipPath = "";

const bundleName = `Extradition hearing bundle ${Date.now()}`;
const account = (role: string) => seeded.find((a) => a.role === role)!;
const signedInPage = (browser: Browser, role: string) => signedInPageAt(browser, server.baseURL, account(role));
const verify = (file: string) => spawnSync(process.execPath, ["bin/casevault-verify.mjs", file], { encoding: "utf8" });

test.beforeAll(async () => {
  database = await freshDatabase();
  seeded = seedDemo(database).accounts;
  server = await startServer(database);
});

test.afterAll(async () => {
  await server?.stop();
});

test("a lawyer builds a three-exhibit bundle, reorders it and exports it; the verifier passes it", async ({ browser }) => {
  const lawyer = await signedInPage(browser, "lawyer");
  await lawyer.getByRole("link", { name: "Cases", exact: true }).click();
  await lawyer.getByRole("link", { name: "Арман Сафаров" }).click();
  await lawyer.getByRole("tab", { name: "Bundles" }).click();
  await lawyer.getByRole("button", { name: "New bundle" }).click();
  // By role and exact name: the seeded bundle's buttons also mention a hearing.
  const form = lawyer.getByRole("form", { name: "New bundle" });
  await form.getByRole("textbox", { name: "Name", exact: true }).fill(bundleName);
  await form.getByRole("textbox", { name: "Hearing", exact: true }).fill("Kentron District Court, 12 December");
  for (const name of ["left-hand-2026-10-14.png", "bruising-back-2026-10-14.png", "medical-report.pdf"]) await form.getByRole("checkbox", { name }).check();
  const exhibits = form.getByTestId("exhibit-row");
  await expect(exhibits).toHaveCount(3);
  await lawyer.getByRole("button", { name: "Move exhibit 3 up" }).click();
  await expect(exhibits.nth(1)).toContainText("medical-report.pdf");
  await lawyer.screenshot({ path: "test-results/screens/bundle-builder.png", fullPage: true });
  await lawyer.getByRole("button", { name: "Save bundle" }).click();
  await expect(lawyer.getByText("Bundle created.")).toBeVisible({ timeout: 20_000 });

  const downloading = lawyer.waitForEvent("download");
  await lawyer.getByRole("button", { name: `Export bundle ${bundleName} as ZIP` }).click();
  const download = await downloading;
  zipPath = path.join(mkdtempSync(path.join(tmpdir(), "cv-bundle-")), "bundle.zip");
  await download.saveAs(zipPath);
  await expect(lawyer.getByText(/Exported as/)).toBeVisible({ timeout: 20_000 });
  await lawyer.screenshot({ path: "test-results/screens/bundle-exported.png", fullPage: true });

  const entries = unzipSync(readFileSync(zipPath));
  const manifest = JSON.parse(new TextDecoder().decode(entries["manifest.json"])) as { exhibits: { number: number; path: string; originalName: string }[] };
  expect(manifest.exhibits.map((e) => [e.number, e.originalName])).toEqual([
    [1, "left-hand-2026-10-14.png"],
    [2, "medical-report.pdf"],
    [3, "bruising-back-2026-10-14.png"],
  ]);
  expect(Buffer.from(entries["index.pdf"]!).subarray(0, 5).toString()).toBe("%PDF-");
  const result = verify(zipPath);
  expect(result.status, result.stdout + result.stderr).toBe(0);
  expect(result.stdout.match(/^Exhibit \d+ .*: PASS$/gm)).toHaveLength(3);
});

test("one changed byte in one exhibit: the verifier fails it, by number and name, and passes the others", () => {
  const entries = unzipSync(readFileSync(zipPath));
  const target = Object.keys(entries).find((name) => name.startsWith("exhibits/02-"))!;
  const bytes = entries[target]!;
  bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 1;
  const tampered = zipPath.replace(/\.zip$/, "-tampered.zip");
  writeFileSync(tampered, zipSync(entries, { level: 0 }));
  const result = verify(tampered);
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/Exhibit 2 \(medical-report\.pdf\): FAIL — hash mismatch/);
  expect(result.stdout.match(/^Exhibit \d+ .*: PASS$/gm)).toHaveLength(2);
});
