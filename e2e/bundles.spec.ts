import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { unzipSync, zipSync } from "fflate";
import { signedInPage as signedInPageAt } from "./support/flows";
import { pdfPages } from "./support/pdf-text";
import { seedDemo, type SeededAccount } from "./support/seed";
import { freshDatabase, startServer, type AppServer, type TestDatabase } from "./support/server";

// A lawyer builds a four-exhibit bundle from the demo case's evidence and
// testimony, reorders it, exports it as a ZIP in the browser. The index and
// the testimony's readable PDF say what a court needs (and no review
// status). The offline verifier finds every signature valid but, without
// the organisation's keys, refuses to call it PASS; with the keys.json the
// admin downloads it passes, and it names the exhibit once one byte of its
// file is changed.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined });

let database: TestDatabase;
let server: AppServer;
let seeded: SeededAccount[];
let zipPath = "";

const bundleName = `Extradition hearing bundle ${Date.now()}`;
const account = (role: string) => seeded.find((a) => a.role === role)!;
const signedInPage = (browser: Browser, role: string) => signedInPageAt(browser, server.baseURL, account(role));
const verify = (file: string, ...args: string[]) => spawnSync(process.execPath, ["bin/casevault-verify.mjs", file, ...args], { encoding: "utf8" });
let keysPath = "";

test.beforeAll(async () => {
  database = await freshDatabase();
  seeded = seedDemo(database).accounts;
  server = await startServer(database);
});

test.afterAll(async () => {
  await server?.stop();
});

test("a lawyer builds a four-exhibit bundle, reorders it and exports it; every signature is valid, identities not yet checked", async ({ browser }) => {
  const lawyer = await signedInPage(browser, "lawyer");
  await lawyer.getByRole("link", { name: "Cases", exact: true }).click();
  await lawyer.getByRole("link", { name: "Арман Сафаров" }).click();
  await lawyer.getByRole("tab", { name: "Bundles" }).click();
  await lawyer.getByRole("button", { name: "New bundle" }).click();
  // By role and exact name: the seeded bundle's buttons also mention a hearing.
  const form = lawyer.getByRole("form", { name: "New bundle" });
  await form.getByRole("textbox", { name: "Name", exact: true }).fill(bundleName);
  await form.getByRole("textbox", { name: "Hearing", exact: true }).fill("Kentron District Court, 12 December");
  for (const name of ["left-hand-2026-10-14.png", "bruising-back-2026-10-14.png", "medical-report.pdf", "Арман Сафаров — 2026-10-14"]) await form.getByRole("checkbox", { name }).check();
  const exhibits = form.getByTestId("exhibit-row");
  await expect(exhibits).toHaveCount(4);
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
  const manifest = (JSON.parse(new TextDecoder().decode(entries["manifest.json"])) as { manifest: { exhibits: { number: number; kind: string; originalName?: string; title?: string }[] } }).manifest;
  expect(manifest.exhibits.map((e) => [e.number, e.originalName ?? e.title])).toEqual([
    [1, "left-hand-2026-10-14.png"],
    [2, "medical-report.pdf"],
    [3, "bruising-back-2026-10-14.png"],
    [4, "Арман Сафаров — 2026-10-14"],
  ]);

  // What a judge reads: the index and the testimony's readable copy.
  const index = pdfPages(Buffer.from(entries["index.pdf"]!));
  const indexText = index.join("\n");
  expect(indexText).toContain(`Exhibit bundle: ${bundleName}`);
  expect(indexText).toContain("Exhibit 4: Арман Сафаров — 2026-10-14 (written statement, version 2)");
  expect(indexText).toMatch(/Key fingerprint\s+(\d{5} ){7}\d{5}/);
  expect(indexText).not.toMatch(/review|admissible|relevant/i);
  expect(indexText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  index.forEach((page, i) => expect(page).toContain(`page ${i + 1} of ${index.length}`));
  const testimony = pdfPages(Buffer.from(entries["exhibits/04-testimony-v2.pdf"]!));
  expect(testimony.join("\n")).toContain("Арман Сафаров");
  expect(testimony.join("\n")).toContain("Detained by police at a protest in Gyumri.");
  testimony.forEach((page, i) => expect(page).toMatch(new RegExp(`exhibit 4 · version 2 · page ${i + 1} of ${testimony.length}`)));

  const result = verify(zipPath);
  expect(result.stdout.match(/^Exhibit \d+ .*: PASS — signed/gm), result.stdout + result.stderr).toHaveLength(4);
  expect(result.stdout).toContain("Result: signatures valid, identities NOT verified: compare these fingerprints with the organisation");
  expect(result.status).toBe(3);
});

test("with the organisation's keys.json from the admin, the verifier passes the bundle", async ({ browser }) => {
  const admin = await signedInPage(browser, "admin");
  // An admin lands on Users after unlocking (a reload would lock the keys away again).
  await expect(admin).toHaveURL(/\/admin\/users$/);
  const downloading = admin.waitForEvent("download");
  await admin.getByRole("button", { name: "Download public keys (keys.json)" }).click();
  keysPath = path.join(path.dirname(zipPath), "keys.json");
  await (await downloading).saveAs(keysPath);
  const result = verify(zipPath, "--keys", keysPath);
  expect(result.stdout, result.stderr).toContain("Identities checked against the organisation's keys file, signed by Alex Admin");
  expect(result.stdout).toContain("Result: PASS");
  expect(result.status).toBe(0);
});

test("one changed byte in one exhibit: the verifier fails it, by number and name, and passes the others", () => {
  const entries = unzipSync(readFileSync(zipPath));
  const target = Object.keys(entries).find((name) => name.startsWith("exhibits/02-"))!;
  const bytes = entries[target]!;
  bytes[Math.floor(bytes.length / 2)] = bytes[Math.floor(bytes.length / 2)]! ^ 1;
  const tampered = zipPath.replace(/\.zip$/, "-tampered.zip");
  writeFileSync(tampered, zipSync(entries, { level: 0 }));
  const result = verify(tampered, "--keys", keysPath);
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/Exhibit 2 \(medical-report\.pdf\): FAIL — hash mismatch/);
  expect(result.stdout.match(/^Exhibit \d+ .*: PASS — signed/gm)).toHaveLength(3);
});
