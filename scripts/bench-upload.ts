/**
 * `npm run bench:upload [MB]` (default 200): the cost of encryption on the
 * upload path. Starts the production server on a fresh embedded database (or
 * DATABASE_URL) with the demo seed and BENCH_ROUTES=1, signs in as the demo
 * caseworker in headless Chromium, and uploads the same random file
 * (a) through the evidence tab — encrypted in the worker, sent in parts — and
 * (b) as plain 4 MiB parts to the benchmark-only route; prints throughput,
 * their ratio and the page's peak JS heap (sampled; the worker's heap is its
 * own and not in this figure). Also encrypt + hash throughput of the same
 * libsodium WebAssembly in Node. Figures only; no pass/fail.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { signedInPage } from "../e2e/support/flows";
import { seedDemo } from "../e2e/support/seed";
import { freshDatabase, startServer } from "../e2e/support/server";

const megabytes = Math.max(1, Number.parseInt(process.argv[2] ?? "200", 10) || 200);
const bytes = megabytes * 1024 * 1024;
const mbps = (n: number, ms: number) => (n / 1_048_576 / (ms / 1000)).toFixed(1);

async function encryptOnly(data: Uint8Array): Promise<number> {
  const { newFileKey } = await import("@/lib/crypto/file-key");
  const { createFileEncryptor, FILE_CHUNK_BYTES } = await import("@/lib/crypto/file-stream");
  const { createSha256 } = await import("@/lib/crypto/sha256");
  const started = performance.now();
  const encryptor = await createFileEncryptor(await newFileKey());
  const plain = await createSha256();
  const cipher = await createSha256();
  for (let offset = 0; offset < data.length; offset += FILE_CHUNK_BYTES) {
    const chunk = data.subarray(offset, offset + FILE_CHUNK_BYTES);
    plain.update(chunk);
    cipher.update(encryptor.push(chunk, offset + FILE_CHUNK_BYTES >= data.length));
  }
  plain.digest();
  cipher.digest();
  return performance.now() - started;
}

async function main() {
  execFileSync(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" });
  const database = await freshDatabase();
  const { accounts } = seedDemo(database);
  const caseworker = accounts.find((a) => a.role === "caseworker")!;
  const server = await startServer(database, { BENCH_ROUTES: "1", REMINDER_INTERVAL_SECONDS: "0" });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--enable-precise-memory-info"] });
  try {
    const data = randomBytes(bytes);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "cv-bench-")), "bench.bin");
    writeFileSync(file, data);
    const page = await signedInPage(browser, server.baseURL, caseworker);
    let peak = 0;
    const sampler = setInterval(() => {
      void page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0).then((used) => (peak = Math.max(peak, used)), () => undefined);
    }, 250);

    // (a) encrypted, through the evidence tab.
    await page.getByRole("link", { name: "Cases", exact: true }).click();
    await page.getByRole("link", { name: "Арман Сафаров" }).click();
    await page.getByRole("tab", { name: "Evidence" }).click();
    await page.getByLabel("Choose files to upload").setInputFiles(file);
    let started = performance.now();
    await page.getByRole("button", { name: "Encrypt and upload 1 file" }).click();
    await page.getByTestId("upload-row").filter({ hasText: "Uploaded" }).waitFor({ timeout: 30 * 60_000 });
    const encryptedMs = performance.now() - started;
    const encryptedPeak = peak;

    // (b) the same bytes, plain, 3 parts in flight like the encrypted path.
    peak = 0;
    await page.evaluate(() => {
      const input = document.createElement("input");
      input.type = "file";
      input.id = "bench-plain";
      document.body.append(input);
    });
    await page.setInputFiles("#bench-plain", file);
    started = performance.now();
    // A string, not a function: tsx would add helpers the page does not have.
    await page.evaluate(`(async () => {
      const picked = document.getElementById("bench-plain").files[0];
      const part = 4 * 1024 * 1024;
      let next = 0;
      const send = async () => {
        for (;;) {
          const offset = next;
          next += part;
          if (offset >= picked.size) return;
          const response = await fetch("/api/bench/plain-upload", { method: "PUT", body: picked.slice(offset, offset + part) });
          if (!response.ok) throw new Error("plain upload: " + response.status);
        }
      };
      await Promise.all([send(), send(), send()]);
    })()`);
    const plainMs = performance.now() - started;
    clearInterval(sampler);

    const nodeMs = await encryptOnly(data);
    console.log(`file: ${megabytes} MB random, server on ${process.env.DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}`);
    console.log(`(a) encrypted upload: ${(encryptedMs / 1000).toFixed(1)} s, ${mbps(bytes, encryptedMs)} MB/s, page JS heap peak ${(encryptedPeak / 1_048_576).toFixed(0)} MB`);
    console.log(`(b) plain upload:     ${(plainMs / 1000).toFixed(1)} s, ${mbps(bytes, plainMs)} MB/s, page JS heap peak ${(peak / 1_048_576).toFixed(0)} MB`);
    console.log(`ratio encrypted/plain time: ${(encryptedMs / plainMs).toFixed(2)}`);
    console.log(`encrypt + SHA-256 only (libsodium wasm in Node, one thread): ${mbps(bytes, nodeMs)} MB/s`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
