import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { fillSignIn, type Account } from "./support/flows";
import { nextCode } from "./support/totp";
import { seedDemo, type SeededAccount } from "./support/seed";
import { databaseEnv, freshDatabase, startServer, type TestDatabase } from "./support/server";

// The restore drill: seed the demo, add a file through the UI, stop the
// server, `npm run backup`, `npm run restore` into a fresh folder (and, with
// DATABASE_URL, a fresh database), start on the restored data, sign in and
// open the demo case, its testimony and its evidence: the decrypted content
// and its SHA-256 are what they were before, and the audit chain verifies.

test.describe.configure({ timeout: 1_200_000 }); // seeds, two servers, a backup and a restore: long on a busy 2-core machine
test.use({ baseURL: undefined });

const port = Number(process.env.E2E_PORT ?? 3100) + 10; // a private server beside the suite's own

type Place = { database: TestDatabase; dataDir: string };

async function freshPlace(): Promise<Place> {
  const database = await freshDatabase();
  return { database, dataDir: database.dataDir };
}

function npm(script: string, place: Place, ...args: string[]) {
  const result = spawnSync("npm", ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])], {
    encoding: "utf8",
    env: { ...process.env, ...databaseEnv(place.database) },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Signs in a fresh context. Key derivation in the browser can take long on a loaded CI machine: a generous wait. */
async function signedInPage(browser: Browser, baseURL: string, who: Account): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${baseURL}/sign-in`);
  await fillSignIn(page, who, await nextCode(who.secret));
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 120_000 });
  return page;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function openDemoCase(page: Page, tab: "Evidence" | "Testimonies") {
  await page.getByRole("link", { name: "Cases", exact: true }).click();
  await page.getByRole("link", { name: "Арман Сафаров" }).click();
  await expect(page.getByRole("heading", { name: "Арман Сафаров" })).toBeVisible({ timeout: 90_000 });
  await page.getByRole("tab", { name: tab }).click();
}

async function download(page: Page, name: string): Promise<Buffer> {
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: `Download ${name}`, exact: true }).click();
  return fs.readFileSync(await (await downloading).path());
}

/** Opens the seeded testimony and returns what the reader shows, after its signature check. */
async function readTestimony(page: Page): Promise<string> {
  await openDemoCase(page, "Testimonies");
  await page.getByTestId("testimony-row").getByRole("link").first().click();
  await expect(page.getByText(/Signature verified/i).first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText("On the second day they broke two fingers of my left hand.")).toBeVisible();
  return (await page.getByRole("article").first().innerText()).replace(/\s+/g, " ");
}

test("seed, upload, back up, restore into a fresh place: everything opens and verifies", async ({ browser }) => {
  const original = await freshPlace();
  const accounts: SeededAccount[] = seedDemo(original.database).accounts;
  const caseworker = accounts.find((a) => a.role === "caseworker")!;
  // Files other parts of the app keep in DATA_DIR (secrets, checkpoints) must come back too.
  fs.mkdirSync(path.join(original.dataDir, "drill"), { recursive: true });
  fs.writeFileSync(path.join(original.dataDir, "drill", "secret"), randomBytes(32).toString("hex"), { mode: 0o600 });

  const uploaded = { name: "scan-after-release.bin", buffer: randomBytes(1024 * 1024 + 123) };
  let before: { testimony: string; report: string; upload: string };
  let server = await startServer(original.database, { DATA_DIR: original.dataDir }, port);
  try {
    const page = await signedInPage(browser, server.baseURL, caseworker);
    await openDemoCase(page, "Evidence");
    await page.getByLabel("Choose files to upload").setInputFiles({ name: uploaded.name, mimeType: "application/octet-stream", buffer: uploaded.buffer });
    const details = page.getByRole("form", { name: "Describe the files" });
    await details.getByRole("group", { name: uploaded.name }).getByLabel("Description").fill("Scan made after release (drill)");
    await details.getByRole("button", { name: "Encrypt and upload 1 file" }).click();
    await expect(page.getByTestId("upload-row").filter({ hasText: "Uploaded" })).toHaveCount(1, { timeout: 180_000 });
    await expect(page.getByTestId("evidence-row")).toHaveCount(4, { timeout: 90_000 });
    const report = await download(page, "medical-report.pdf");
    expect(report.toString("latin1")).toContain("Medical report - demo data");
    expect(sha256(await download(page, uploaded.name))).toBe(sha256(uploaded.buffer));
    before = { testimony: await readTestimony(page), report: sha256(report), upload: sha256(uploaded.buffer) };
  } finally {
    await server.stop();
  }
  const verifiedBefore = npm("audit:verify", original);
  expect(verifiedBefore.out).toMatch(/^OK: checked .+\.\nHead: [0-9a-f]{64} \(event #[\d,]+\)\.$/m);

  const archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "casevault-e2e-backup-")), "drill.tar.gz");
  const backedUp = npm("backup", original, archive);
  expect(backedUp.status, backedUp.out).toBe(0);
  expect(fs.statSync(archive).mode & 0o777).toBe(0o600);

  const restored = await freshPlace();
  const restoredRun = npm("restore", restored, archive);
  expect(restoredRun.status, restoredRun.out).toBe(0);
  expect(restoredRun.out).toContain("every SHA-256 matched");
  expect(fs.readFileSync(path.join(restored.dataDir, "drill", "secret"), "utf8")).toBe(fs.readFileSync(path.join(original.dataDir, "drill", "secret"), "utf8"));
  // The restored chain is the original chain: same length, same head.
  expect(npm("audit:verify", restored).out.trim()).toBe(verifiedBefore.out.trim());
  // A second restore onto the restored place is refused: it is no longer empty.
  const again = npm("restore", restored, archive);
  expect(again.status).not.toBe(0);
  expect(again.out).toMatch(/not empty/);

  server = await startServer(restored.database, { DATA_DIR: restored.dataDir }, port + 1);
  try {
    const page = await signedInPage(browser, server.baseURL, caseworker);
    await openDemoCase(page, "Evidence");
    await expect(page.getByTestId("evidence-row")).toHaveCount(4, { timeout: 90_000 });
    await expect(page.getByTestId("evidence-row").filter({ hasText: "Scan made after release (drill)" })).toContainText("Uploader's signature verified");
    expect(sha256(await download(page, "medical-report.pdf"))).toBe(before.report);
    expect(sha256(await download(page, uploaded.name))).toBe(before.upload);
    expect(await readTestimony(page)).toBe(before.testimony);
    await page.screenshot({ path: "test-results/screens/restored-testimony.png", fullPage: true });
  } finally {
    await server.stop();
  }
  expect(npm("audit:verify", restored).out).toMatch(/^OK: checked .+\.\nHead: [0-9a-f]{64} \(event #[\d,]+\)\.$/m);
  fs.rmSync(path.dirname(archive), { recursive: true, force: true });
});

test("while the app runs: the embedded database refuses (stop it first); PostgreSQL takes a pg_dump snapshot", async () => {
  const place = await freshPlace();
  const server = await startServer(place.database, { DATA_DIR: place.dataDir }, port + 2);
  const archive = path.join(os.tmpdir(), `casevault-e2e-running-${Date.now()}.tar.gz`);
  try {
    const run = npm("backup", place, archive);
    if (place.database.kind === "pglite") {
      expect(run.status).not.toBe(0);
      expect(run.out).toMatch(/Stop the app first/);
      expect(fs.existsSync(archive) || fs.existsSync(`${archive}.partial`)).toBe(false);
    } else {
      expect(run.status, run.out).toBe(0);
      expect(run.out).toMatch(/postgresql database, \d+ migrations/);
    }
    expect((await fetch(`${server.baseURL}/api/health`)).ok).toBe(true); // and the app is unharmed
  } finally {
    await server.stop();
    fs.rmSync(archive, { force: true });
  }
});
