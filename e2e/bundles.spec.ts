import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "@playwright/test";
import { expect, test } from "./support/test";
import { unzipSync, zipSync } from "fflate";
import { signedInPage as signedInPageAt } from "./support/flows";
import { pdfPages } from "./support/pdf-text";
import { seedDemo, type SeededAccount } from "./support/seed";
import { freshDatabase, startServer, type AppServer, type TestDatabase } from "./support/server";
import { startS3rverProcess } from "./support/s3rver";

// A lawyer builds a four-exhibit bundle from the demo case's evidence and
// testimony, reorders it, exports it as a ZIP in the browser. The index and
// the testimony's readable PDF say what a court needs (and no review
// status). The offline verifier finds every signature valid but, without
// the organisation's keys, refuses to call it PASS; with the keys.json the
// admin downloads it passes, and it names the exhibit once one byte of its
// file is changed. This server keeps evidence in S3 (BLOB_STORE=s3, a real
// S3 HTTP server: s3rver): the export reads every file back from the bucket,
// and a caseworker uploads, previews and downloads through it.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined });

let database: TestDatabase;
let server: AppServer;
let seeded: SeededAccount[];
let s3: Awaited<ReturnType<typeof startS3rverProcess>>;
let zipPath = "";

const bundleName = `Extradition hearing bundle ${Date.now()}`;
const account = (role: string) => seeded.find((a) => a.role === role)!;
const signedInPage = (browser: Browser, role: string) => signedInPageAt(browser, server.baseURL, account(role));
const verify = (file: string, ...args: string[]) => spawnSync(process.execPath, ["bin/casevault-verify.mjs", file, ...args], { encoding: "utf8" });
let keysPath = "";

test.beforeAll(async () => {
  database = await freshDatabase();
  s3 = await startS3rverProcess();
  seeded = seedDemo(database, s3.env).accounts;
  server = await startServer(database, s3.env);
});

test.afterAll(async () => {
  await server?.stop();
  await s3?.close();
});

test("the demo evidence is in the bucket, not on the server's disk", async () => {
  expect((await s3.keys("evidence/")).length).toBeGreaterThanOrEqual(3);
  expect(existsSync(path.join(database.dataDir, "blobs"))).toBe(false);
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
  await lawyer.getByRole("button", { name: `Export ZIP: bundle ${bundleName}` }).click();
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

// verify.html, the verifier a court opens from the bundle itself: no
// server, no network (a file:// page), the ZIP given to it by the file input
// or dropped on it. It must say what the CLI says, exhibit by exhibit.
test("verify.html from the bundle, opened from file://, passes every exhibit; one changed byte fails that exhibit by name; it fits a phone", async ({ browser }) => {
  const entries = unzipSync(readFileSync(zipPath));
  const documents = (JSON.parse(new TextDecoder().decode(entries["manifest.json"])) as { manifest: { documents: { path: string }[] } }).manifest.documents;
  expect(documents.map((d) => d.path)).toContain("verify.html");
  const pagePath = path.join(path.dirname(zipPath), "verify.html");
  writeFileSync(pagePath, entries["verify.html"]!);
  const tampered = zipPath.replace(/\.zip$/, "-tampered.zip");
  expect(existsSync(tampered)).toBe(true);
  // The page in the bundle is the one the server serves, served with no app CSP over its own (that would block its script).
  const served = await fetch(`${server.baseURL}/verify.html`);
  expect(served.status).toBe(200);
  expect(served.headers.get("content-security-policy")).toBeNull();
  expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(entries["verify.html"]!))).toBe(true);

  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("request", (request) => {
    if (!request.url().startsWith("file://")) problems.push(`request to ${request.url()}`);
  });
  await page.goto(pathToFileURL(pagePath).href);
  await expect(page.getByRole("heading", { name: "Check a Casevault court bundle" })).toBeVisible();

  const exhibit = (n: number, name: string) => page.getByRole("listitem").filter({ hasText: `Exhibit ${n}: ${name}` });
  const names = ["left-hand-2026-10-14.png", "medical-report.pdf", "bruising-back-2026-10-14.png", "04-testimony-v2.json"];
  await page.getByLabel("Choose the bundle (.zip file)").setInputFiles(zipPath);
  await expect(page.getByRole("heading", { name: "Signatures valid, identities NOT verified" })).toBeVisible({ timeout: 30_000 });
  for (const [i, name] of names.entries()) await expect(exhibit(i + 1, name)).toContainText("PASS");
  await expect(page.getByRole("listitem").filter({ hasText: "FAIL" })).toHaveCount(0);
  await expect(page.getByRole("listitem").filter({ hasText: "verify.html" })).toContainText("PASS");
  await page.screenshot({ path: "test-results/screens/verify-page-pass-1366.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/screens/verify-page-pass-390.png", fullPage: true });

  // Dropped on the page this time: the tampered ZIP (exhibit 2 has one byte changed).
  const zipBase64 = readFileSync(tampered).toString("base64");
  const dataTransfer = await page.evaluateHandle((base64) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], "bundle-tampered.zip", { type: "application/zip" }));
    return transfer;
  }, zipBase64);
  await page.dispatchEvent("#drop", "drop", { dataTransfer });
  await expect(page.getByRole("heading", { name: "FAIL", exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(exhibit(2, "medical-report.pdf")).toContainText("FAIL");
  await expect(exhibit(2, "medical-report.pdf")).toContainText("the file's contents differ from what was signed");
  for (const [i, name] of names.entries()) if (i !== 1) await expect(exhibit(i + 1, name)).toContainText("PASS");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/screens/verify-page-fail-390.png", fullPage: true });

  await page.getByRole("button", { name: "Русский" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Материал 2: medical-report.pdf" })).toContainText("ОШИБКА");
  await expect(page.getByRole("heading", { name: "Проверка пакета материалов Casevault для суда" })).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: "test-results/screens/verify-page-fail-ru-1366.png", fullPage: true });
  expect(problems).toEqual([]);
  await context.close();
});

test("on the S3 store, a caseworker uploads a PDF and a note in the browser; the PDF previews in its frame and the note downloads byte for byte", async ({ browser }) => {
  const before = (await s3.keys("evidence/")).length;
  const pdf = Buffer.from("%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
  const note = Buffer.from(`Записка из S3 ${Date.now()}\n`);
  const caseworker = await signedInPage(browser, "caseworker");
  await caseworker.getByRole("link", { name: "Cases", exact: true }).click();
  await caseworker.getByRole("link", { name: "Арман Сафаров" }).click();
  await caseworker.getByRole("tab", { name: "Evidence" }).click();
  await caseworker.getByLabel("Choose files to upload").setInputFiles([
    { name: "s3-report.pdf", mimeType: "application/pdf", buffer: pdf },
    { name: "s3-note.txt", mimeType: "text/plain", buffer: note },
  ]);
  await caseworker.getByRole("form", { name: "Describe the files" }).getByRole("button", { name: "Encrypt and upload 2 files" }).click();
  await expect(caseworker.getByTestId("upload-row").filter({ hasText: "Uploaded" })).toHaveCount(2, { timeout: 60_000 });
  expect((await s3.keys("evidence/")).length).toBe(before + 2);
  expect(existsSync(path.join(database.dataDir, "blobs"))).toBe(false);

  await caseworker.getByRole("button", { name: "Preview s3-report.pdf", exact: true }).click();
  await expect(caseworker.locator('iframe[title="s3-report.pdf"]')).toBeVisible({ timeout: 20_000 });
  // The frame really navigated to the decrypted file (a refused frame shows an error page instead).
  await expect.poll(() => caseworker.frames().map((f) => f.url()).find((url) => url.startsWith("blob:")) ?? "none").toMatch(/^blob:http/);
  const downloading = caseworker.waitForEvent("download");
  await caseworker.getByRole("button", { name: "Download s3-note.txt", exact: true }).click();
  expect(readFileSync(await (await downloading).path()).equals(note)).toBe(true);
});
