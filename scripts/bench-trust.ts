/**
 * `npm run bench:trust`: how long does this browser-side code take to trust
 * a case with a long history? Runs scripts/bench-trust/workload.ts (a case
 * with 20 key epochs, 39 membership statements and 200 signed records, built
 * in memory; verifyChain cold and warm, then opening the 200 signed records
 * in Node's libsodium, then the same module bundled with esbuild in
 * headless Chromium, where a person's browser runs it. Prints figures; no
 * pass/fail. Target (issue 11): chain cold + records under 300 ms in
 * Chromium.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { build, type Plugin } from "esbuild";
import { runTrustWorkload, type TrustTimings } from "./bench-trust/workload";

const root = path.resolve(import.meta.dirname, "..");

// `client-only` and `server-only` are build-time markers; in this page they are nothing.
const emptyMarkers: Plugin = {
  name: "empty-markers",
  setup(b) {
    b.onResolve({ filter: /^(client-only|server-only)$/ }, (args) => ({ path: args.path, namespace: "empty-marker" }));
    b.onLoad({ filter: /.*/, namespace: "empty-marker" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/** Bundles the workload as one ES module (libsodium's WebAssembly is inlined in its JS) and returns its text. */
async function bundleWorkload(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-bench-trust-"));
  try {
    const outfile = path.join(dir, "workload.js");
    await build({
      entryPoints: [path.join(root, "scripts/bench-trust/workload.ts")],
      outfile,
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      minify: true,
      // The root tsconfig maps `@/` to the repository root, as in the app.
      tsconfig: path.join(root, "tsconfig.json"),
      define: { "process.env.NODE_ENV": '"production"' },
      // libsodium's loader falls back to require("crypto") only when the page has no crypto.getRandomValues.
      external: ["crypto"],
      plugins: [emptyMarkers],
      logLevel: "error",
    });
    return fs.readFileSync(outfile, "utf8");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Serves the bundle from 127.0.0.1 (a secure context: crypto.randomUUID exists) and runs it in a fresh page. */
async function inChromium(bundle: string): Promise<TrustTimings> {
  const server = http.createServer((req, res) => {
    if (req.url === "/workload.js") {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      res.end(bundle);
    } else {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<!doctype html><title>bench:trust</title>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    // A string, not a function: tsx would inject helpers the page lacks.
    return (await page.evaluate(`import("/workload.js").then((m) => m.runTrustWorkload())`)) as TrustTimings;
  } finally {
    await browser.close();
    server.close();
  }
}

const ms = (v: number) => v.toFixed(1);

async function main() {
  const node = await runTrustWorkload();
  const bundle = await bundleWorkload();
  const browser = await inChromium(bundle);
  const total = (r: TrustTimings) => r.chainColdMs + r.recordsMs;

  const row = (label: string, pick: (r: TrustTimings) => number) => console.log(`${label.padEnd(32)}${`${ms(pick(node))} ms`.padStart(16)}${`${ms(pick(browser))} ms`.padStart(20)}`);
  console.log(`case with ${node.statements} chain statements (20 epochs) and ${node.records} signed records; bundle ${(bundle.length / 1024).toFixed(0)} KiB`);
  console.log(`${"".padEnd(32)}${`Node ${process.version}`.padStart(16)}${"headless Chromium".padStart(20)}`);
  row("libsodium load (before unlock)", (r) => r.sodiumLoadMs);
  row("chain, cold (every signature)", (r) => r.chainColdMs);
  row("chain, warm (memo)", (r) => r.chainWarmMs);
  row("200 records opened (signature checked)", (r) => r.recordsMs);
  row("total on first open", total);
  console.log(`target: total on first open < 300 ms in Chromium`);
  // Node figures keep their original names; Chromium ones are prefixed.
  console.log(`bench trust chain_cold_ms ${ms(node.chainColdMs)}`);
  console.log(`bench trust chain_warm_ms ${ms(node.chainWarmMs)}`);
  console.log(`bench trust records_200_ms ${ms(node.recordsMs)}`);
  console.log(`bench trust first_open_ms ${ms(total(node))}`);
  console.log(`bench trust chromium_sodium_load_ms ${ms(browser.sodiumLoadMs)}`);
  console.log(`bench trust chromium_chain_cold_ms ${ms(browser.chainColdMs)}`);
  console.log(`bench trust chromium_chain_warm_ms ${ms(browser.chainWarmMs)}`);
  console.log(`bench trust chromium_records_ms ${ms(browser.recordsMs)}`);
  console.log(`bench trust chromium_open_total_ms ${ms(total(browser))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
