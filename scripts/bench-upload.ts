/**
 * `npm run bench:upload [MB] [--stores fs,postgres,s3]` (default 200 MB, all
 * three stores): the cost of encryption on the upload path, per blob store.
 *
 * For each store: a fresh database (embedded, or a fresh one on DATABASE_URL)
 * with the demo seed, the production server with BLOB_STORE=<store> (s3: a
 * real S3 HTTP server, s3rver, in a child process), BENCH_ROUTES=1 and
 * REMINDER_INTERVAL_SECONDS=0; the demo caseworker signed in in headless
 * Chromium; then the same random file
 * (a) through the evidence tab: read once for its segment digests, encrypted
 *     by the pool of workers (4 MiB segments in parallel, encrypt-pool.ts),
 *     sent as one part per segment, 3 in flight, finalised;
 * (b) plain, to the benchmark route (the server started again on the same
 *     database, a fresh page: RSS and heap peaks are high-water marks): 4 MiB
 *     slices, 3 in flight, each read into an ArrayBuffer in the page and
 *     hashed with crypto.subtle, then sent as a Blob of those bytes — the
 *     encrypted path's body kind (upload-client.ts; Playwright's network
 *     tracking copies ArrayBuffer bodies over the devtools protocol, not
 *     Blobs, so neither path pays for the harness) — stored through the same
 *     BlobStore (size and SHA-256 verified while streaming) and deleted after
 *     the run.
 * Measured: throughput (MiB of plaintext per second, printed as MB/s, page
 * clock), the page's JS heap peak (performance.memory every 250 ms; the
 * worker's heap is its own and not in it), the server's RSS peak and its
 * growth over the RSS just before each path (`ps` every 250 ms over the
 * server process and its descendants), the time the row showed "Checking the
 * stored file…" (a MutationObserver in the page) and the finalise request's
 * time to its response's first byte (the browser's timing, via Playwright).
 * Ceilings: encrypt + SHA-256 with the same libsodium WebAssembly in Node on
 * one thread, and in this browser the upload's own work without the network
 * (the segment pre-read pass, then the evidence workers as the upload runs
 * them — a pool of poolSize(navigator.hardwareConcurrency) workers, each
 * segment taken as soon as a worker is free, worker 0 also hashing the whole
 * plaintext — every part dropped as it arrives). With a pool, this is the
 * encrypt-only figure the upload is compared with (browser_ceiling_*).
 *
 * Human-readable lines first, then `bench upload <store> <metric> <value>`
 * lines. Figures only; no pass/fail.
 *
 * In scripts/bench-upload/: store-run.ts runs one store (server, page, both
 * paths), measure.ts samples the server's RSS, page-scripts.ts is what runs
 * in the page, report.ts prints.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { printMetricLines, printStoreResult } from "./bench-upload/report";
import { ALL_STORES, fixed, mbps, type Result, type Store } from "./bench-upload/result";
import { benchStore } from "./bench-upload/store-run";

function parseArgs(argv: string[]): { megabytes: number; stores: Store[] } {
  let megabytes = 200;
  let stores = ALL_STORES;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const list = arg === "--stores" ? argv[++i] : arg.startsWith("--stores=") ? arg.slice("--stores=".length) : undefined;
    if (list !== undefined) {
      const named = list.split(",").map((s) => s.trim()).filter(Boolean);
      const unknown = named.filter((s) => !ALL_STORES.includes(s as Store));
      if (unknown.length > 0 || named.length === 0) throw new Error(`--stores takes a comma-separated list of ${ALL_STORES.join(", ")}`);
      stores = named as Store[];
    } else if (/^\d+$/.test(arg)) {
      megabytes = Math.max(1, Number(arg));
    } else {
      throw new Error(`unknown argument ${arg}: npm run bench:upload [MB] [--stores fs,postgres,s3]`);
    }
  }
  return { megabytes, stores };
}

const { megabytes, stores } = parseArgs(process.argv.slice(2));
const bytes = megabytes * 1024 * 1024;

/** Encrypt (segment by segment, as the upload does) + SHA-256 of the plaintext and of the ciphertext with the app's libsodium WebAssembly, in this Node process, one thread. */
async function encryptOnlyInNode(data: Uint8Array): Promise<number> {
  const { newFileKey } = await import("@/lib/crypto/file-key");
  const { encryptFileSegment, FILE_SEGMENT_BYTES, fileSegmentCount } = await import("@/lib/crypto/file-stream");
  const { createSha256 } = await import("@/lib/crypto/sha256");
  const started = performance.now();
  const fileKey = await newFileKey();
  const plain = await createSha256();
  const cipher = await createSha256();
  const count = fileSegmentCount(data.length);
  for (let i = 0; i < count; i++) {
    const segment = data.subarray(i * FILE_SEGMENT_BYTES, Math.min(data.length, (i + 1) * FILE_SEGMENT_BYTES));
    plain.update(segment);
    cipher.update(await encryptFileSegment(fileKey, i, i === count - 1, segment));
  }
  plain.digest();
  cipher.digest();
  return performance.now() - started;
}

async function main() {
  execFileSync(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit" });
  const data = randomBytes(bytes);
  const folder = mkdtempSync(path.join(tmpdir(), "cv-bench-"));
  const file = path.join(folder, "bench.bin");
  writeFileSync(file, data);
  // Before any server runs: this machine's quietest figure.
  const nodeMs = await encryptOnlyInNode(data);
  const nodeMbps = mbps(bytes, nodeMs);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--enable-precise-memory-info", "--js-flags=--expose-gc"] });
  const results: Result[] = [];
  try {
    console.log(`file: ${megabytes} MB (MiB) random; database ${process.env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : "embedded PGlite"}; stores: ${stores.join(", ")}; MB/s = MiB of plaintext per second`);
    console.log(`ceiling, encrypt + SHA-256 only (libsodium wasm in Node, one thread): ${fixed(nodeMbps)} MB/s`);
    for (const store of stores) {
      const r = await benchStore(store, browser, file, bytes);
      results.push(r);
      printStoreResult(r, bytes, nodeMbps);
    }
  } finally {
    await browser.close();
    rmSync(folder, { recursive: true, force: true });
  }

  console.log("");
  printMetricLines(results, bytes, nodeMbps);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
