import { createHash, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { axeViolations } from "./support/axe";
import { dumpDatabase, markerForms } from "./support/db-dump";
import { withSql } from "./support/db-sql";
import { signIn, unlock } from "./support/flows";
import { ownDemoServer } from "./support/demo-server";
import { databaseEnv } from "./support/server";
import { alterBlob, storedBlobs, unfinishedBlobWrites } from "./support/blob-files";
import { jpegMetadataSegments } from "../lib/evidence/thumbnail";
import { containsBytes, GPS_MARKER, withExifGps } from "../lib/testing/exif-gps";

// A caseworker uploads three files to the demo case (encrypted in the
// browser, in parts), one large upload survives a kill -9 of the server and
// finishes with the right hash; previews and downloads re-check the hash;
// a lawyer reviews beside the preview (side by side on a desktop, stacked on
// a phone); custody shows the SHA-256 and signer the browser verified and lists
// who did what; someone off the team gets
// 404 on every evidence route; no name, description or content is in the
// database or the blob store; an altered stored part is reported as corrupted.

test.describe.configure({ mode: "serial", timeout: 300_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();
let caseUrl = "";

const run = `${Date.now()}`;
const marker = (field: string) => `CANARY-${field}-${run}`;
// A 1×1 PNG, a one-page PDF and a text file whose content is a marker.
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const pdf = Buffer.from("%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
const text = Buffer.from(`Медицинское заключение ${marker("content")}\n`);
const files = [
  { name: `injuries-${marker("name1")}.png`, mimeType: "image/png", buffer: png, description: `Следы побоев ${marker("desc1")}` },
  { name: `report-${marker("name2")}.pdf`, mimeType: "application/pdf", buffer: pdf, description: `Заключение ${marker("desc2")}` },
  { name: `note-${marker("name3")}.txt`, mimeType: "text/plain", buffer: text, description: `Записка ${marker("desc3")}` },
];
const reviewNote = `Допустимо как доказательство ${marker("review")}`;
// A phone photo (made in the browser, 640×480, stored sideways: EXIF orientation 6) carrying a GPS position.
const photoName = `street-${marker("name4")}.jpg`;
let photoJpeg: Buffer = Buffer.alloc(0);
const typed = [...files.flatMap((f) => [f.name, f.description]), marker("content"), reviewNote, photoName];

const account = (role: string) => demo.account(role);
const signedInPage = (browser: Browser, role: string) => demo.signedInPage(browser, role);

async function openEvidenceTab(page: Page) {
  await page.getByRole("link", { name: "Cases", exact: true }).click();
  await page.getByRole("link", { name: "Арман Сафаров" }).click();
  await expect(page.getByRole("heading", { name: "Арман Сафаров" })).toBeVisible({ timeout: 20_000 });
  caseUrl = page.url();
  await page.getByRole("tab", { name: "Evidence" }).click();
}

test("a caseworker uploads three files with progress; preview and download re-check them", async ({ browser }) => {
  const caseworker = await signedInPage(browser, "caseworker");
  await openEvidenceTab(caseworker);
  await caseworker.getByLabel("Choose files to upload").setInputFiles(files.map(({ name, mimeType, buffer }) => ({ name, mimeType, buffer })));
  const details = caseworker.getByRole("form", { name: "Describe the files" });
  for (const f of files) await details.getByRole("group", { name: f.name }).getByLabel("Description").fill(f.description);
  await details.getByRole("group", { name: files[0]!.name }).getByLabel("Tags").fill("injuries, photo");
  await caseworker.screenshot({ path: "test-results/screens/evidence-upload-form.png", fullPage: true });
  await details.getByRole("button", { name: "Encrypt and upload 3 files" }).click();
  const uploads = caseworker.getByTestId("upload-row");
  await expect(uploads).toHaveCount(3);
  await expect(uploads.filter({ hasText: "Uploaded" })).toHaveCount(3, { timeout: 60_000 });
  // The demo case already holds three seeded items.
  const rows = caseworker.getByTestId("evidence-row");
  await expect(rows).toHaveCount(6, { timeout: 20_000 });
  for (const f of files) await expect(rows.filter({ hasText: f.name })).toHaveCount(1);
  await expect(rows.filter({ hasText: files[0]!.description })).toContainText("Uploader's signature verified");
  await caseworker.screenshot({ path: "test-results/screens/evidence-list.png", fullPage: true });

  await caseworker.getByRole("button", { name: `Preview ${files[0]!.name}`, exact: true }).click();
  await expect(caseworker.getByRole("img", { name: files[0]!.name, exact: true })).toBeVisible();
  const downloading = caseworker.waitForEvent("download");
  await caseworker.getByRole("button", { name: `Download ${files[2]!.name}`, exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(files[2]!.name);
  const saved = await download.path();
  expect(readFileSync(saved).equals(text)).toBe(true);
});

test("thumbnails: made in the browser without EXIF or GPS, upright, decoded in the list; other files show a type icon; fits a phone", async ({ browser }) => {
  // The test reads the shown thumbnail's bytes back with fetch(blob:), which the app's CSP (connect-src 'self')
  // rightly refuses: this context alone skips the CSP. The tamper test below shows thumbnails under the CSP.
  const caseworker = await demo.signedInPage(browser, "caseworker", { bypassCSP: true });
  await caseworker.setViewportSize({ width: 1366, height: 900 });
  await openEvidenceTab(caseworker);
  await expect(caseworker.getByTestId("evidence-row").first()).toBeVisible({ timeout: 20_000 });
  // A landscape picture with a red band along its top, as a camera's JPEG encoder would store it.
  const made = await caseworker.evaluate(async () => {
    const canvas = new OffscreenCanvas(640, 480);
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#3a7d5c";
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = "#c0392b";
    g.fillRect(0, 0, 640, 80);
    const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  photoJpeg = Buffer.from(withExifGps(new Uint8Array(made), { orientation: 6 }));
  expect(containsBytes(photoJpeg, GPS_MARKER)).toBe(true);
  await caseworker.getByLabel("Choose files to upload").setInputFiles([{ name: photoName, mimeType: "image/jpeg", buffer: photoJpeg }]);
  await caseworker.getByRole("form", { name: "Describe the files" }).getByRole("button", { name: "Encrypt and upload 1 file" }).click();
  await expect(caseworker.getByTestId("upload-row").filter({ hasText: photoName })).toContainText("Uploaded", { timeout: 60_000 });

  const thumbnail = caseworker.getByRole("img", { name: `Thumbnail of ${photoName}`, exact: true });
  await expect(thumbnail).toBeVisible({ timeout: 20_000 });
  // Decoded for real, at most 320 px, and upright: the sideways 640×480 became 240×320.
  const size = await thumbnail.evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight, src: img.src };
  });
  expect(size).toMatchObject({ width: 240, height: 320 });
  expect(size.src).toMatch(/^blob:/);
  // What the browser sealed: a JPEG with no metadata segment at all, and no trace of the GPS block.
  const shown = Buffer.from(await caseworker.evaluate(async (src) => Array.from(new Uint8Array(await (await fetch(src)).arrayBuffer())), size.src));
  expect(shown.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
  expect(jpegMetadataSegments(shown)).toEqual([]);
  expect(containsBytes(shown, GPS_MARKER)).toBe(false);
  expect(shown.includes("Exif")).toBe(false);
  expect(shown.length).toBeLessThanOrEqual(48 * 1024);

  // The PNG uploaded before has one too; the seeded photos have theirs; a PDF and a text file show their type icon.
  const row = (name: string) => caseworker.getByTestId("evidence-row").filter({ hasText: name });
  for (const name of [files[0]!.name, "left-hand-2026-10-14.png"]) {
    const img = row(name).getByRole("img", { name: `Thumbnail of ${name}`, exact: true });
    await img.scrollIntoViewIfNeeded();
    await expect(img).toBeVisible({ timeout: 20_000 });
    expect(await img.evaluate(async (el: HTMLImageElement) => (await el.decode(), el.naturalWidth))).toBeGreaterThan(0);
  }
  for (const [name, kind] of [[files[1]!.name, "pdf"], [files[2]!.name, "file"], ["medical-report.pdf", "pdf"]] as const) {
    await row(name).scrollIntoViewIfNeeded();
    await expect(row(name).getByTestId("evidence-type-icon")).toHaveAttribute("data-kind", kind);
    await expect(row(name).getByTestId("evidence-thumbnail")).toHaveCount(0);
  }
  expect(await axeViolations(caseworker, 'section[aria-label="Evidence"]')).toEqual([]);
  await caseworker.evaluate(() => window.scrollTo(0, 0));
  await caseworker.screenshot({ path: "test-results/screens/evidence-thumbnails-1366.png", fullPage: true });

  // A phone: the thumbnail beside the name, nothing wider than the screen.
  await caseworker.setViewportSize({ width: 390, height: 844 });
  await expect(thumbnail).toBeVisible();
  const box = (await thumbnail.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  // A fixed small square: 48 px with its 1 px frame.
  expect(box.width).toBe(46);
  expect(box.height).toBe(46);
  expect(await caseworker.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await row(photoName).screenshot({ path: "test-results/screens/evidence-thumbnail-row-390.png" });
  await caseworker.screenshot({ path: "test-results/screens/evidence-thumbnails-390.png", fullPage: true });
});

test("a PDF previews in its frame, and no page on the way reports a CSP violation", async ({ browser }) => {
  const context = await browser.newContext();
  // Every document of this context records the violations the browser reports (zod's eval probe was one).
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  const page = await context.newPage();
  await page.goto(`${demo.baseURL}/sign-in`);
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  expect(await violations()).toEqual([]);
  await signIn(page, account("caseworker"));
  await openEvidenceTab(page);
  await expect(page.getByTestId("evidence-row").first()).toBeVisible({ timeout: 20_000 });
  await page.getByRole("button", { name: `Preview ${files[1]!.name}`, exact: true }).click();
  // The frame really navigated to the decrypted file (a refused frame shows an error page instead).
  await expect(page.locator(`iframe[title="${files[1]!.name}"]`)).toBeVisible();
  await expect.poll(() => page.frames().map((f) => f.url()).find((url) => url.startsWith("blob:")) ?? "none").toMatch(/^blob:http/);
  await page.screenshot({ path: "test-results/screens/evidence-pdf-preview.png", fullPage: true });
  expect(await violations()).toEqual([]);
  await context.close();
});

test("a 50 MB upload whose server is killed (kill -9) mid-upload resumes and finishes with the right hash; afterwards no blob is left that no part names", async ({ browser }) => {
  const big = randomBytes(50 * 1024 * 1024);
  const caseworker = await signedInPage(browser, "caseworker");
  await openEvidenceTab(caseworker);
  const { mkdtempSync } = await import("node:fs");
  const bigPath = `${mkdtempSync(`${tmpdir()}/cv-e2e-big-`)}/video-evidence.bin`;
  writeFileSync(bigPath, big);
  const smallPath = `${path.dirname(bigPath)}/small-note.txt`;
  writeFileSync(smallPath, "a small note\n");
  await caseworker.getByLabel("Choose files to upload").setInputFiles([bigPath, smallPath]);
  // About 2 MB/s up, so the restart lands mid-upload on a fast server too.
  const cdp = await caseworker.context().newCDPSession(caseworker);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
  await caseworker.getByRole("button", { name: "Encrypt and upload 2 files" }).click();
  // The small one finishes first and the lists reload: the big one, still running in the panel,
  // is not also listed as an "unfinished upload" to pick again.
  await expect(caseworker.getByTestId("upload-row").filter({ hasText: "small-note.txt" })).toContainText("Uploaded", { timeout: 60_000 });
  await expect(caseworker.getByTestId("evidence-row").filter({ hasText: "small-note.txt" })).toHaveCount(1, { timeout: 20_000 });
  await caseworker.waitForTimeout(1_500);
  await expect(caseworker.getByRole("heading", { name: "Unfinished uploads" })).toHaveCount(0);
  // Some parts stored (the row says "N of M MiB"), then the server is killed and comes back where it was.
  // At least one 4 MiB part: the embedded database writes a part in seconds, and on a loaded CI
  // machine a run stood at 8 MB for a minute (issue 12), so waiting for more only measured the load.
  const row = caseworker.getByTestId("upload-row").filter({ hasText: "video-evidence.bin" });
  await expect.poll(async () => Number(/([\d.]+) of [\d.]+ MiB/.exec((await row.textContent()) ?? "")?.[1] ?? 0), { timeout: 120_000, intervals: [100] }).toBeGreaterThanOrEqual(4);
  // No polite stop: the process dies wherever it is (a part half-received, a row half-written).
  await demo.kill();
  await caseworker.waitForTimeout(2_000);
  await demo.restart();
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(row).toContainText("Uploaded", { timeout: 180_000 });
  await caseworker.screenshot({ path: "test-results/screens/evidence-resumed.png", fullPage: true });
  const downloading = caseworker.waitForEvent("download");
  await caseworker.getByRole("button", { name: "Download video-evidence.bin", exact: true }).click();
  // 50 MiB takes a moment to fetch and decrypt: the row says how far it is.
  await expect(caseworker.getByRole("status").filter({ hasText: /Decrypting: [\d.]+ of 50 MiB/ })).toBeVisible();
  const { readFileSync } = await import("node:fs");
  const got = readFileSync(await (await downloading).path());
  expect(createHash("sha256").update(got).digest("hex")).toBe(createHash("sha256").update(big).digest("hex"));

  // The periodic clean-up (run here as its command, two hours on) removes what the kill left
  // half-written; every finished item then holds exactly its recorded parts.
  // Read while the server is stopped: the embedded database may be opened by one process only.
  await demo.restart(async (database) => {
    const cleanup = spawnSync("npm", ["run", "--silent", "evidence:cleanup", "--", `--now=${new Date(Date.now() + 2 * 3_600_000).toISOString()}`], {
      encoding: "utf8",
      env: { ...process.env, ...databaseEnv(database) },
    });
    expect(cleanup.status, cleanup.stderr).toBe(0);
    expect([...unfinishedBlobWrites(database).keys()]).toEqual([]);
    const recorded = await withSql(database, (query) => query(`SELECT 'evidence/' || "evidenceId" || '/' || "partNumber" || '/' || encode(sha256, 'hex') AS key FROM "EvidencePart" ORDER BY 1`));
    const stored = [...(await storedBlobs(database, "evidence/")).keys()].sort();
    expect(stored).toEqual(recorded.map((row) => String(row.key)).sort());
  });
});

test("custody shows the SHA-256 and the signer this browser verified; a lawyer reviews beside the preview, on a desktop and a phone", async ({ browser }) => {
  const lawyer = await signedInPage(browser, "lawyer");
  await lawyer.setViewportSize({ width: 1366, height: 900 });
  await lawyer.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await openEvidenceTab(lawyer);
  // The uploader's fingerprint as the Team tab shows it: custody must name the same key.
  await lawyer.getByRole("tab", { name: "Team" }).click();
  const fingerprintPattern = /\d{5}(?: \d{5}){7}/;
  await expect(lawyer.getByTestId("member-Aram Caseworker")).toContainText(fingerprintPattern);
  const teamFingerprint = fingerprintPattern.exec((await lawyer.getByTestId("member-Aram Caseworker").textContent()) ?? "")![0];
  await lawyer.getByRole("tab", { name: "Evidence" }).click();

  await lawyer.getByRole("button", { name: `Chain of custody of ${files[0]!.name}`, exact: true }).click();
  const custody = lawyer.getByRole("region", { name: `Chain of custody of ${files[0]!.name}` });
  const hex = createHash("sha256").update(files[0]!.buffer).digest("hex");
  await expect(custody.getByTestId("custody-sha256")).toHaveText(hex.match(/.{4}/g)!.join(" "));
  await expect(custody.getByTestId("custody-signer")).toContainText("Aram Caseworker");
  await expect(custody.getByTestId("custody-signer")).toContainText(`key fingerprint ${teamFingerprint}`);
  await expect(custody.getByRole("list", { name: "Events" })).toContainText("uploaded");
  await custody.getByRole("button", { name: `Copy the SHA-256 of ${files[0]!.name}` }).click();
  await expect(custody.getByRole("button", { name: `Copy the SHA-256 of ${files[0]!.name}` })).toHaveText("Copied");
  expect(await lawyer.evaluate(() => navigator.clipboard.readText())).toBe(hex);
  await custody.screenshot({ path: "test-results/screens/evidence-custody-1366.png" });
  await lawyer.getByRole("button", { name: `Chain of custody of ${files[0]!.name}`, exact: true }).click();
  await expect(custody).toHaveCount(0);

  // The seeded photo (96 × 64) is big enough to see beside the form.
  const photo = "left-hand-2026-10-14.png";
  await lawyer.getByRole("button", { name: `Preview ${photo}`, exact: true }).click();
  const image = lawyer.getByRole("img", { name: photo, exact: true });
  await expect(image).toBeVisible({ timeout: 20_000 });
  await lawyer.getByRole("button", { name: `Review ${photo}`, exact: true }).click();
  const form = lawyer.getByRole("form", { name: "Review" });
  await expect(form.getByLabel("Status")).toBeFocused();
  await expect(form.getByLabel("Review note")).toBeVisible();
  // Still there, decoded, and beside the form: left of it, their rows overlapping.
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0))).toBeGreaterThan(0);
  expect(await image.evaluate((img: HTMLImageElement) => img.src)).toMatch(/^blob:/);
  const wide = { image: (await image.boundingBox())!, form: (await form.boundingBox())! };
  expect(wide.image.x + wide.image.width).toBeLessThanOrEqual(wide.form.x);
  expect(wide.image.y).toBeLessThan(wide.form.y + wide.form.height);
  expect(await axeViolations(lawyer, '[data-testid="review-pane"]')).toEqual([]);
  await lawyer.getByTestId("review-pane").screenshot({ path: "test-results/screens/evidence-review-preview-1366.png" });
  await lawyer.screenshot({ path: "test-results/screens/evidence-review-preview-1366-page.png", fullPage: true });

  // A phone: the photo above the form, the form reached by scrolling, nothing wider than the screen.
  await lawyer.setViewportSize({ width: 390, height: 844 });
  await expect(image).toBeVisible();
  const narrow = { image: (await image.boundingBox())!, form: (await form.boundingBox())! };
  expect(narrow.image.y + narrow.image.height).toBeLessThanOrEqual(narrow.form.y);
  expect(await lawyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await form.getByLabel("Review note").scrollIntoViewIfNeeded();
  await expect(form.getByLabel("Review note")).toBeInViewport();
  expect(await axeViolations(lawyer, '[data-testid="review-pane"]')).toEqual([]);
  await lawyer.screenshot({ path: "test-results/screens/evidence-review-preview-390.png", fullPage: true });
  await lawyer.getByRole("button", { name: `Chain of custody of ${files[0]!.name}`, exact: true }).click();
  await expect(custody.getByTestId("custody-sha256")).toBeVisible();
  expect(await lawyer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await custody.screenshot({ path: "test-results/screens/evidence-custody-390.png" });
  await lawyer.getByRole("button", { name: `Chain of custody of ${files[0]!.name}`, exact: true }).click();

  // Escape closes the form unsaved; the keyboard is back on the Review button; the photo stays.
  // That Escape was the form's: two more at once are not the three of quick exit.
  await form.getByLabel("Status").focus();
  await lawyer.keyboard.press("Escape");
  await lawyer.keyboard.press("Escape");
  await lawyer.keyboard.press("Escape");
  await expect(form).toHaveCount(0);
  await expect(lawyer.getByRole("button", { name: `Review ${photo}`, exact: true })).toBeFocused();
  await lawyer.waitForTimeout(300); // quick exit would have left by now
  await expect(lawyer).not.toHaveURL(/\/exit/);
  await expect(image).toBeVisible();
  await lawyer.setViewportSize({ width: 1366, height: 900 });
});

test("a lawyer reviews an item; custody lists the upload, the download and the review; filters use the status", async ({ browser }) => {
  const lawyer = await signedInPage(browser, "lawyer");
  await openEvidenceTab(lawyer);
  await lawyer.setViewportSize({ width: 1366, height: 900 });
  // A PDF stays open in its frame beside the form (the frame's document is the decrypted blob).
  await lawyer.getByRole("button", { name: `Preview ${files[1]!.name}`, exact: true }).click();
  await lawyer.getByRole("button", { name: `Review ${files[1]!.name}`, exact: true }).click();
  const form = lawyer.getByRole("form", { name: "Review" });
  const frame = lawyer.locator(`iframe[title="${files[1]!.name}"]`);
  await expect(frame).toBeVisible();
  await expect.poll(() => lawyer.frames().map((f) => f.url()).find((url) => url.startsWith("blob:")) ?? "none").toMatch(/^blob:http/);
  expect((await frame.boundingBox())!.x).toBeLessThan((await form.boundingBox())!.x);
  await lawyer.getByTestId("review-pane").screenshot({ path: "test-results/screens/evidence-review-pdf-1366.png" });
  await form.getByLabel("Status").selectOption("admissible");
  await form.getByLabel("Review note").fill(reviewNote);
  await form.getByRole("button", { name: "Save review" }).click();
  // Saved: the form closes and the keyboard is back on the button that opened it.
  await expect(form).toHaveCount(0);
  await expect(lawyer.getByRole("button", { name: `Review ${files[1]!.name}`, exact: true })).toBeFocused();
  const reviewed = lawyer.getByTestId("evidence-row").filter({ hasText: files[1]!.description });
  await expect(reviewed.getByTestId("review-status")).toHaveText("Admissible", { timeout: 20_000 });
  await expect(reviewed).toContainText(reviewNote);
  await lawyer.getByLabel("Review status").selectOption("admissible");
  // Ours and the seeded photo of the hand.
  await expect(lawyer.getByTestId("evidence-row")).toHaveCount(2);
  await expect(lawyer.getByTestId("evidence-row").filter({ hasText: files[1]!.name })).toHaveCount(1);
  await lawyer.getByLabel("Review status").selectOption("");
  await lawyer.getByRole("button", { name: `Chain of custody of ${files[2]!.name}`, exact: true }).click();
  const custody = lawyer.getByTestId("custody");
  await expect(custody).toContainText("upload started");
  await expect(custody).toContainText("uploaded");
  await expect(custody).toContainText("downloaded");
  await lawyer.screenshot({ path: "test-results/screens/evidence-review.png", fullPage: true });
});

test("someone off the team gets 404 on every evidence route", async ({ browser }) => {
  const admin = await signedInPage(browser, "admin");
  const caseId = caseUrl.split("/").pop()!;
  const someId = "7d0e3c1a-5b2f-4c8e-9a6d-1f2e3d4c5b6a";
  const base = `${demo.baseURL}/api/cases/${caseId}/evidence`;
  const request = admin.context().request;
  const answers = await Promise.all([
    request.post(`${base}/uploads`, { data: { evidenceId: someId, size: 10, partSize: 1048576, partCount: 1, meta: {} } }),
    request.get(`${base}/uploads/${someId}`),
    request.put(`${base}/uploads/${someId}/parts/1`, { data: Buffer.alloc(10), headers: { "content-type": "application/octet-stream" } }),
    request.post(`${base}/uploads/${someId}/finalise`, { data: {} }),
    request.delete(`${base}/uploads/${someId}`),
    request.get(`${base}/${someId}/content`),
    request.post(`${base}/${someId}/access`, { data: { purpose: "download" } }),
    request.put(`${base}/${someId}/thumbnail`, { data: { record: {} } }),
    request.get(`${base}/thumbnails?ids=${someId}`),
  ]);
  expect(answers.map((r) => r.status())).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404]);
});

test("canary: no file name, description, content or review note is in the database or the blob store", async () => {
  await demo.stop();
  const database = demo.database;
  const dump = await dumpDatabase(database);
  expect(dump).toContain(caseUrl.split("/").pop()!);
  const leaked = typed.filter((value) => markerForms(value).some((form) => dump.includes(form)));
  expect(leaked).toEqual([]);
  expect(dump).not.toContain("CANARY-");
  // The blob store (files under DATA_DIR/blobs, the default, or the Blob table) holds ciphertext only.
  const stored = [...(await storedBlobs(database)).values()];
  expect(stored.length).toBeGreaterThanOrEqual(6);
  const blobs = Buffer.concat([...stored, ...unfinishedBlobWrites(database).values()]);
  expect(typed.filter((value) => markerForms(value).some((form) => blobs.includes(form)))).toEqual([]);
  expect(blobs.includes("CANARY-")).toBe(false);
  // No picture outside ciphertext: the head of a browser's JPEG (SOI + JFIF header), of the uploaded photo and
  // of each seeded thumbnail, raw or in any encoding, is neither in the database nor in the blob store.
  const seededThumbnails = readdirSync(path.join("scripts", "fixtures")).filter((f) => f.endsWith(".thumb.jpg"));
  expect(seededThumbnails.length).toBeGreaterThan(0);
  const heads = [Buffer.from("ffd8ffe000104a4649460001", "hex"), photoJpeg.subarray(0, 12), ...seededThumbnails.map((f) => readFileSync(path.join("scripts", "fixtures", f)).subarray(0, 12))];
  expect(photoJpeg.length).toBeGreaterThan(0);
  for (const head of heads) {
    for (const form of [head.toString("hex"), head.toString("base64"), head.toString("base64url"), head.toString("latin1")]) expect(dump.includes(form)).toBe(false);
    expect(blobs.includes(head)).toBe(false);
    expect(blobs.includes(head.toString("base64url"))).toBe(false);
  }
});

test("tamper: a stored part altered in the blob store is reported as corrupted, never shown", async ({ browser }) => {
  const database = demo.database; // the server is stopped (canary)
  const [part] = await withSql(database, (query) =>
    query(`SELECT e.id, encode(p.sha256, 'hex') AS sha FROM "Evidence" e JOIN "EvidencePart" p ON p."evidenceId" = e.id AND p."partNumber" = 1 WHERE e.size = $1`, [png.length + 42]),
  );
  await alterBlob(database, `evidence/${String(part!.id)}/1/${String(part!.sha)}`, (bytes) => {
    bytes[40] = bytes[40]! ^ 1;
    return bytes;
  });
  // Someone with the database gives the text file the PDF's signature: a real signature, over another statement.
  const swapped = await withSql(database, (query) =>
    query(`UPDATE "Evidence" SET signature = (SELECT signature FROM "Evidence" WHERE size = $2) WHERE size = $1 RETURNING id`, [text.length + 42, pdf.length + 42]),
  );
  expect(swapped).toHaveLength(1);
  // …and moves the photo's sealed thumbnail onto the PNG's row: it must not show as the PNG's picture.
  const moved = await withSql(database, (query) =>
    query(
      `UPDATE "EvidenceThumbnail" SET sealed = (SELECT t.sealed FROM "EvidenceThumbnail" t JOIN "Evidence" e ON e.id = t."evidenceId" WHERE e.size = $2) WHERE "evidenceId" = (SELECT id FROM "Evidence" WHERE size = $1) RETURNING "evidenceId"`,
      [png.length + 42, photoJpeg.length + 42],
    ),
  );
  expect(moved).toHaveLength(1);
  await demo.restart();
  const caseworker = await signedInPage(browser, "caseworker");
  await caseworker.goto(caseUrl.replace(/^http:\/\/localhost:\d+/, demo.baseURL));
  await unlock(caseworker, account("caseworker").passphrase);
  const thumbnailsRead = caseworker.waitForResponse((r) => r.url().includes("/evidence/thumbnails?"));
  await caseworker.getByRole("tab", { name: "Evidence" }).click();
  expect((await thumbnailsRead).status()).toBe(200);
  await expect(caseworker.getByRole("img", { name: `Thumbnail of ${photoName}`, exact: true })).toBeVisible({ timeout: 20_000 });
  const pngRow = caseworker.getByTestId("evidence-row").filter({ hasText: files[0]!.name });
  await expect(pngRow.getByTestId("evidence-type-icon")).toHaveAttribute("data-kind", "image");
  await caseworker.waitForTimeout(1_000); // the row's thumbnail was fetched and refused by now
  await expect(pngRow.getByTestId("evidence-thumbnail")).toHaveCount(0);
  await caseworker.getByRole("button", { name: `Preview ${files[0]!.name}`, exact: true }).click();
  // Part 1 was altered: the browser names it (each part of a 0x02 file authenticates alone).
  await expect(caseworker.getByText("This file is corrupted from part 1 on: it does not decrypt. Nothing of it is shown.")).toBeVisible({ timeout: 20_000 });
  await expect(caseworker.getByRole("img", { name: files[0]!.name, exact: true })).toHaveCount(0);
  await caseworker.screenshot({ path: "test-results/screens/evidence-tampered.png", fullPage: true });
  // The signature no longer covers the text file: its custody says so and offers no hash or signer to rely on.
  await expect(caseworker.getByTestId("evidence-row").filter({ hasText: files[2]!.name })).toContainText("Signature check failed");
  await caseworker.getByRole("button", { name: `Chain of custody of ${files[2]!.name}`, exact: true }).click();
  const custody = caseworker.getByRole("region", { name: `Chain of custody of ${files[2]!.name}` });
  await expect(custody.getByTestId("custody-signature")).toContainText("Signature check failed");
  await expect(custody.getByTestId("custody-signature")).toContainText("Do not rely on this item");
  await expect(custody.getByTestId("custody-sha256")).toHaveCount(0);
  await expect(custody.getByTestId("custody-signer")).toHaveCount(0);
  await custody.screenshot({ path: "test-results/screens/evidence-custody-broken.png" });
});
