/**
 * `npm run bench:kdf [runs]`: Argon2id at the default account parameters
 * (DESIGN.md §2), in Node and in headless Chromium (the same libsodium build,
 * WebAssembly), as a person's browser would run it. Prints medians; no
 * pass/fail.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium } from "@playwright/test";
import { DEFAULT_KDF_PARAMS, deriveMasterKey } from "../lib/crypto/kdf";
import { wipe } from "../lib/crypto/encoding";
import { loadSodium } from "../lib/crypto/sodium";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] ?? 0) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};
const report = (where: string, times: number[]) =>
  console.log(`${where.padEnd(18)} median ${median(times).toFixed(0)} ms   (runs: ${times.map((t) => t.toFixed(0)).join(", ")})`);

async function inNode(runs: number): Promise<number[]> {
  const sodium = await loadSodium();
  const salt = sodium.randombytes_buf(16);
  wipe(await deriveMasterKey("warm-up passphrase", salt, DEFAULT_KDF_PARAMS));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    wipe(await deriveMasterKey(`benchmark passphrase ${i}`, salt, DEFAULT_KDF_PARAMS));
    times.push(performance.now() - started);
  }
  return times;
}

/** Serves the two libsodium ES modules and a page with an import map, then times crypto_pwhash there. */
async function inChromium(runs: number): Promise<number[]> {
  const files: Record<string, string> = {
    "/wrappers.mjs": "node_modules/libsodium-wrappers-sumo/dist/modules-sumo-esm/libsodium-wrappers.mjs",
    "/sumo.mjs": "node_modules/libsodium-sumo/dist/modules-sumo-esm/libsodium-sumo.mjs",
  };
  const page = `<!doctype html><script type="importmap">{"imports":{"libsodium-sumo":"/sumo.mjs"}}</script>`;
  const server = http.createServer((req, res) => {
    const file = files[req.url ?? ""];
    if (file) {
      res.writeHead(200, { "Content-Type": "text/javascript" });
      res.end(fs.readFileSync(path.resolve(file)));
    } else {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(page);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    // A string, not a function: tsx would inject helpers the page lacks.
    const script = `(async () => {
      const { default: sodium } = await import("/wrappers.mjs");
      await sodium.ready;
      const salt = sodium.randombytes_buf(16);
      const once = (p) => sodium.crypto_pwhash(32, p, salt, ${DEFAULT_KDF_PARAMS.opsLimit}, ${DEFAULT_KDF_PARAMS.memLimitBytes}, sodium.crypto_pwhash_ALG_ARGON2ID13);
      once("warm-up");
      const times = [];
      for (let i = 0; i < ${runs}; i++) { const t = performance.now(); once("benchmark passphrase " + i); times.push(performance.now() - t); }
      return times;
    })()`;
    return (await tab.evaluate(script)) as number[];
  } finally {
    await browser.close();
    server.close();
  }
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number.parseInt(process.argv[2] ?? "5", 10) || 5);
  const mib = DEFAULT_KDF_PARAMS.memLimitBytes / (1024 * 1024);
  console.log(`Argon2id13 opslimit=${DEFAULT_KDF_PARAMS.opsLimit} memlimit=${mib} MiB, ${runs} runs after one warm-up`);
  report(`Node ${process.version}`, await inNode(runs));
  report("headless Chromium", await inChromium(runs));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
