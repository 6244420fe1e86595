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
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "@playwright/test";
import { signedInPage } from "../e2e/support/flows";
import { startS3rverProcess } from "../e2e/support/s3rver";
import { seedDemo } from "../e2e/support/seed";
import { freshDatabase, startServer } from "../e2e/support/server";

type Store = "fs" | "postgres" | "s3";
const ALL_STORES: Store[] = ["fs", "postgres", "s3"];

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
const MIB = 1_048_576;
const PART = 4 * MIB;
const mbps = (n: number, ms: number) => n / MIB / (ms / 1000);
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

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

// ---- samplers ----

const execFileAsync = promisify(execFile);

/** RSS (KiB) of `pid` and every process below it. */
async function treeRssKiB(pid: number): Promise<{ kib: number; processes: number }> {
  const { stdout } = await execFileAsync("ps", ["-e", "-o", "pid=,ppid=,rss="]);
  const rows = stdout
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const inTree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, parent] of rows) {
      if (!inTree.has(p) && inTree.has(parent)) {
        inTree.add(p);
        grew = true;
      }
    }
  }
  let kib = 0;
  for (const [p, , rss] of rows) if (inTree.has(p)) kib += rss;
  return { kib, processes: inTree.size };
}

/** Calls `sample` every 250 ms (never two at once) and keeps the largest value since the last reset. */
function peakSampler(sample: () => Promise<number>) {
  let peak = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sample().then(
      (value) => {
        peak = Math.max(peak, value);
        busy = false;
      },
      () => {
        busy = false;
      },
    );
  }, 250);
  return {
    reset: (to = 0) => {
      peak = to;
    },
    get peak() {
      return peak;
    },
    stop: () => clearInterval(timer),
  };
}

/** The median of four readings 250 ms apart: the level before a path starts. */
async function settledLevel(read: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < 4; i++) {
    values.push(await read());
    await new Promise((r) => setTimeout(r, 250));
  }
  values.sort((a, b) => a - b);
  return (values[1]! + values[2]!) / 2;
}

// ---- in the page (strings, not functions: tsx would add helpers the page does not have) ----

const pageHeap = (page: Page) => page.evaluate<number>("performance.memory ? performance.memory.usedJSHeapSize : 0");
const pageGc = (page: Page) => page.evaluate("typeof gc === 'function' ? (gc(), gc(), true) : false");

/** Records when the upload button was clicked and when the upload row first showed each phase (or an error). */
const INSTRUMENT = `(() => {
  const bench = (window.__bench = { click: null, phases: {}, failed: null });
  // The English texts of messages/en.json evidence.upload.phase (the uploading one by its unit-free tail).
  const marks = [["reading", /Checking the file before/], ["read", /encrypted: 100.?%/], ["uploading", / s left/], ["finalising", /Checking the stored file/], ["done", /Uploaded/]];
  const note = () => {
    const row = document.querySelector('[data-testid="upload-row"]');
    if (!row) return;
    const text = row.textContent || "";
    const now = performance.now();
    for (const [phase, marker] of marks) if (marker.test(text) && !(phase in bench.phases)) bench.phases[phase] = now;
    const error = row.querySelector(".text-red-700");
    if (error && bench.failed === null) bench.failed = error.textContent;
    if (text.includes("Cancelled") && bench.failed === null) bench.failed = "cancelled";
  };
  new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  document.addEventListener("click", (event) => {
    const button = event.target && event.target.closest ? event.target.closest("button") : null;
    if (button && /Encrypt and upload/.test(button.textContent || "") && bench.click === null) bench.click = performance.now();
  }, true);
})()`;

type Encrypted = { click: number; phases: Partial<Record<"reading" | "read" | "uploading" | "finalising" | "done", number>> };

const ENCRYPTED_RESULT = `({ click: window.__bench.click, phases: window.__bench.phases })`;

const B64URL = `const b64url = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  };`;

/** One part per fetch, `lanes` at once; each slice read into an ArrayBuffer and hashed, then sent as a Blob of those bytes (as upload-client.ts sends a part). */
const plainUpload = (inputId: string, partBytes: number, lanes: number) => `(async () => {
  ${B64URL}
  const picked = document.getElementById(${JSON.stringify(inputId)}).files[0];
  const run = crypto.randomUUID();
  const part = ${partBytes};
  let next = 0;
  let sent = 0;
  const send = async () => {
    for (;;) {
      const offset = next;
      next += part;
      if (offset >= picked.size) return;
      const slice = picked.slice(offset, offset + part);
      const bytes = await slice.arrayBuffer();
      const sha256 = b64url(await crypto.subtle.digest("SHA-256", bytes));
      const response = await fetch("/api/bench/plain-upload?run=" + run + "&part=" + (offset / part + 1), {
        method: "PUT",
        headers: { "content-type": "application/octet-stream", "x-part-sha256": sha256 },
        body: new Blob([bytes], { type: "application/octet-stream" }),
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) throw new Error("plain upload: " + response.status + " " + (await response.text()));
      sent++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: ${lanes} }, send));
  return { run, ms: performance.now() - started, parts: sent };
})()`;

const deleteRun = (run: string) => `(async () => {
  const response = await fetch("/api/bench/plain-upload?run=${run}", { method: "DELETE", credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error("delete: " + response.status);
  return await response.json();
})()`;

/** A tiny part through the bench route and the store, then deleted: the route and store are loaded before either path is timed. */
const WARM_UP = `(async () => {
  ${B64URL}
  const run = crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(1024));
  const sha256 = b64url(await crypto.subtle.digest("SHA-256", bytes));
  const put = await fetch("/api/bench/plain-upload?run=" + run + "&part=1", { method: "PUT", headers: { "content-type": "application/octet-stream", "x-part-sha256": sha256 }, body: bytes });
  if (put.status !== 201) throw new Error("warm-up: " + put.status + " " + (await put.text()));
  const gone = await fetch("/api/bench/plain-upload?run=" + run, { method: "DELETE" });
  return await gone.json();
})()`;

/**
 * The upload's in-browser work without the network: the segment pre-read
 * pass (as startUpload does), then the evidence workers (fresh ones from the
 * URL the upload used) as the pool runs them: poolSize(hardwareConcurrency)
 * workers (encrypt-pool.ts: cores - 1, 1 to 4, at least 2 on 2 cores), one
 * segment per free worker, worker 0 also hashing the whole plaintext, every
 * part dropped as it arrives.
 */
const browserCeiling = (workerUrl: string, inputId: string) => `(async () => {
  ${B64URL}
  const file = document.getElementById(${JSON.stringify(inputId)}).files[0];
  const SEGMENT = 4 * 1024 * 1024;
  const started = performance.now();
  const segments = [];
  for (let start = 0; start < Math.max(1, file.size); start += SEGMENT) {
    const bytes = await file.slice(start, Math.min(file.size, start + SEGMENT)).arrayBuffer();
    segments.push(b64url(await crypto.subtle.digest("SHA-256", bytes)));
  }
  const read = performance.now();
  const cores = navigator.hardwareConcurrency || 1;
  const size = cores >= 2 ? Math.max(2, Math.min(4, cores - 1)) : 1;
  const fileKey = crypto.getRandomValues(new Uint8Array(32));
  let next = 0;
  let parts = 0;
  const workers = [];
  const done = await new Promise((resolve, reject) => {
    let hashed = false;
    const finish = () => { if (hashed && parts === segments.length) resolve(parts); };
    for (let i = 0; i < size; i++) {
      // Turbopack builds the worker as a classic script (its bootstrap uses importScripts).
      const worker = new Worker(new URL(${JSON.stringify(workerUrl)}, location.href));
      workers.push(worker);
      const give = () => { if (next < segments.length) worker.postMessage({ type: "segment", index: next++ }); };
      worker.onerror = (event) => reject(new Error("worker: " + (event.message || "error")));
      worker.onmessage = (event) => {
        const data = event.data;
        if (data.type === "part") { parts++; give(); finish(); }
        else if (data.type === "hashed") { hashed = true; finish(); }
        else if (data.type === "error") reject(new Error("worker: " + data.code));
      };
      const key = fileKey.slice();
      worker.postMessage({ type: "init", file, fileKey: key, segments }, [key.buffer]);
      if (i === 0) worker.postMessage({ type: "hash" });
      give();
    }
  });
  for (const worker of workers) worker.terminate();
  const ended = performance.now();
  return { totalMs: ended - started, readMs: read - started, workerMs: ended - read, parts: done, workers: size };
})()`;

// ---- one store ----

type Result = {
  store: Store;
  encryptedMs: number;
  plainMs: number;
  readingMs: number | null;
  createMs: number | null;
  finaliseMs: number | null;
  finaliseRequestMs: number | null;
  heapPeak: number;
  heapBase: number;
  plainHeapPeak: number;
  plainHeapBase: number;
  rssBase: number;
  rssPeak: number;
  plainRssBase: number;
  plainRssPeak: number;
  serverProcesses: number;
  s3rverRssPeak: number | null;
  plainStored: number;
  browserCeiling: { totalMs: number; readMs: number; workerMs: number; workers: number } | null;
  browserCeilingNote: string;
};

async function s3rverPid(): Promise<number | null> {
  const { stdout } = await execFileAsync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)]);
  const line = stdout.split("\n").find((l) => l.includes("s3rver-child.mjs"));
  return line ? Number(line.trim().split(/\s+/)[0]) : null;
}

type Session = {
  page: Page;
  pid: number;
  heap: ReturnType<typeof peakSampler>;
  rss: ReturnType<typeof peakSampler>;
  serverRss: () => Promise<number>;
  close: () => Promise<void>;
};

/** The production server on `database` and a page signed in as `who`, on the case's evidence tab, with samplers of the page's heap and the server's RSS. */
async function openSession(browser: Browser, database: Awaited<ReturnType<typeof freshDatabase>>, env: Record<string, string>, who: { email: string; passphrase: string; secret: string }): Promise<Session> {
  const server = await startServer(database, env);
  const pid = server.pid;
  if (!pid) throw new Error("the server has no pid");
  const serverRss = async () => (await treeRssKiB(pid)).kib * 1024;
  const rss = peakSampler(serverRss);
  let page: Page | undefined;
  let heap: ReturnType<typeof peakSampler> | undefined;
  const close = async () => {
    heap?.stop();
    rss.stop();
    await page?.context().close();
    await server.stop();
  };
  try {
    page = await signedInPage(browser, server.baseURL, who);
    const signedIn = page;
    heap = peakSampler(() => pageHeap(signedIn));
    await page.getByRole("link", { name: "Cases", exact: true }).click();
    await page.getByRole("link", { name: "Арман Сафаров" }).click();
    await page.getByRole("tab", { name: "Evidence" }).click();
    await page.evaluate(WARM_UP);
    return { page, pid, heap, rss, serverRss, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Garbage-collects the page, then takes the page's heap and the server's RSS as the levels a path starts from, and resets the peaks to them. */
async function baselines(session: Session): Promise<{ heap: number; rss: number }> {
  await pageGc(session.page);
  const heap = await settledLevel(() => pageHeap(session.page));
  const rss = await settledLevel(session.serverRss);
  session.heap.reset(heap);
  session.rss.reset(rss);
  return { heap, rss };
}

async function benchStore(store: Store, browser: Browser, file: string): Promise<Result> {
  const s3 = store === "s3" ? await startS3rverProcess("casevault-bench") : null;
  const storeEnv: Record<string, string> = s3 ? s3.env : { BLOB_STORE: store };
  const serverEnv = { ...storeEnv, BENCH_ROUTES: "1", REMINDER_INTERVAL_SECONDS: "0" };
  const database = await freshDatabase();
  const sessions: Session[] = [];
  let s3Rss: ReturnType<typeof peakSampler> | null = null;
  try {
    const { accounts } = seedDemo(database, storeEnv);
    const caseworker = accounts.find((a) => a.role === "caseworker")!;
    const s3Pid = s3 ? await s3rverPid() : null;
    s3Rss = s3Pid ? peakSampler(async () => (await treeRssKiB(s3Pid)).kib * 1024) : null;

    // (a) encrypted, through the evidence tab.
    const a = await openSession(browser, database, serverEnv, caseworker);
    sessions.push(a);
    const workerUrls: string[] = [];
    a.page.on("worker", (worker) => workerUrls.push(worker.url()));
    // The finalise POST: request start to its response's first byte (the server's finalise, plus the loopback).
    let finaliseRequestMs: number | null = null;
    a.page.on("response", (response) => {
      if (response.request().method() === "POST" && /\/evidence\/uploads\/[^/]+\/finalise$/.test(new URL(response.url()).pathname)) {
        finaliseRequestMs = response.request().timing().responseStart;
      }
    });
    await a.page.getByLabel("Choose files to upload").setInputFiles(file);
    await a.page.evaluate(INSTRUMENT);
    const { heap: heapBase, rss: rssBase } = await baselines(a);
    s3Rss?.reset();
    await a.page.getByRole("button", { name: "Encrypt and upload 1 file" }).click();
    await a.page.waitForFunction(
      () => {
        const bench = (window as unknown as { __bench: { phases: Record<string, number>; failed: string | null } }).__bench;
        return bench.phases.done !== undefined || bench.failed !== null;
      },
      undefined,
      { timeout: 60 * 60_000, polling: 100 },
    );
    const heapPeak = a.heap.peak;
    const rssPeak = a.rss.peak;
    const s3rverRssPeak = s3Rss?.peak ?? null;
    const encrypted = await a.page.evaluate<Encrypted>(ENCRYPTED_RESULT);
    const failed = await a.page.evaluate<string | null>("window.__bench.failed");
    if (encrypted.phases.done === undefined) throw new Error(`encrypted upload failed: ${failed}`);
    const { phases } = encrypted;
    const encryptedMs = phases.done! - encrypted.click;
    // The pre-read pass (segment digests) shows "reading" up to 100 %; then metadata is sealed and the upload created until "uploading".
    const readingMs = phases.reading !== undefined && phases.read !== undefined ? phases.read - phases.reading : null;
    const createMs = phases.read !== undefined && phases.uploading !== undefined ? phases.uploading - phases.read : null;
    const finaliseMs = phases.finalising !== undefined ? phases.done! - phases.finalising : null;
    const { processes } = await treeRssKiB(a.pid);
    sessions.pop();
    await a.close();

    // (b) the same bytes, plain, 3 parts in flight like the encrypted path, on a server started afresh (RSS is a high-water mark).
    const b = await openSession(browser, database, serverEnv, caseworker);
    sessions.push(b);
    await b.page.evaluate(() => {
      const input = document.createElement("input");
      input.type = "file";
      input.id = "bench-plain";
      document.body.append(input);
    });
    await b.page.setInputFiles("#bench-plain", file);
    const { heap: plainHeapBase, rss: plainRssBase } = await baselines(b);
    const plain = await b.page.evaluate<{ run: string; ms: number; parts: number }>(plainUpload("bench-plain", PART, 3));
    const plainHeapPeak = b.heap.peak;
    const plainRssPeak = b.rss.peak;
    b.heap.stop();
    b.rss.stop();
    const cleaned = await b.page.evaluate<{ stored: number; remaining: number }>(deleteRun(plain.run));
    const expectedParts = Math.ceil(bytes / PART);
    if (plain.parts !== expectedParts || cleaned.stored !== expectedParts || cleaned.remaining !== 0) {
      throw new Error(`plain upload: sent ${plain.parts}, stored ${cleaned.stored}, ${cleaned.remaining} left after delete (expected ${expectedParts} stored, 0 left)`);
    }

    // The in-browser ceiling, with the worker script the upload used.
    // Its path on this server (the upload ran on the previous one, on another port).
    const seen = workerUrls.find((u) => !u.startsWith("blob:"));
    const workerUrl = seen ? seen.slice(new URL(seen).origin.length) : undefined;
    let browserCeilingResult: Result["browserCeiling"] = null;
    let browserCeilingNote = "";
    if (!workerUrl) browserCeilingNote = workerUrls.length ? "the worker had a blob: URL" : "no worker seen";
    else {
      try {
        browserCeilingResult = await b.page.evaluate<{ totalMs: number; readMs: number; workerMs: number; workers: number }>(browserCeiling(workerUrl, "bench-plain"));
      } catch (error) {
        browserCeilingNote = error instanceof Error ? error.message.split("\n")[0]! : String(error);
      }
    }
    return {
      store,
      encryptedMs,
      plainMs: plain.ms,
      readingMs,
      createMs,
      finaliseMs,
      finaliseRequestMs,
      heapPeak,
      heapBase,
      plainHeapPeak,
      plainHeapBase,
      rssBase,
      rssPeak,
      plainRssBase,
      plainRssPeak,
      serverProcesses: processes,
      s3rverRssPeak,
      plainStored: cleaned.stored,
      browserCeiling: browserCeilingResult,
      browserCeilingNote,
    };
  } finally {
    s3Rss?.stop();
    for (const session of sessions) await session.close();
    await s3?.close();
    rmSync(database.dataDir, { recursive: true, force: true });
  }
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
      const r = await benchStore(store, browser, file);
      results.push(r);
      const mib = (n: number) => fixed(n / MIB, 0);
      console.log(`\n[${store}]${store === "postgres" && !process.env.DATABASE_URL ? " (blobs in the embedded PGlite database, in the server process)" : ""}`);
      console.log(
        `(a) encrypted upload: ${fixed(r.encryptedMs / 1000)} s, ${fixed(mbps(bytes, r.encryptedMs))} MB/s` +
          ` (of which reading pass ${r.readingMs === null ? "n/a" : `${fixed(r.readingMs / 1000)} s`}, sealing + create ${r.createMs === null ? "n/a" : `${fixed(r.createMs, 0)} ms`}, "Checking the stored file…" visible ${r.finaliseMs === null ? "never (not rendered)" : `${fixed(r.finaliseMs, 0)} ms`}, finalise request ${r.finaliseRequestMs === null ? "n/a" : `${fixed(r.finaliseRequestMs, 0)} ms`})`,
      );
      console.log(`    page JS heap peak ${mib(r.heapPeak)} MiB (${mib(r.heapBase)} before); server RSS peak ${mib(r.rssPeak)} MiB (+${mib(r.rssPeak - r.rssBase)} over ${mib(r.rssBase)} before)${r.s3rverRssPeak === null ? "" : `; s3rver process RSS peak ${mib(r.s3rverRssPeak)} MiB`}`);
      console.log(`(b) plain upload:     ${fixed(r.plainMs / 1000)} s, ${fixed(mbps(bytes, r.plainMs))} MB/s (${r.plainStored} parts stored, then deleted; server restarted, fresh page)`);
      console.log(`    page JS heap peak ${mib(r.plainHeapPeak)} MiB (${mib(r.plainHeapBase)} before); server RSS peak ${mib(r.plainRssPeak)} MiB (+${mib(r.plainRssPeak - r.plainRssBase)} over ${mib(r.plainRssBase)} before)`);
      console.log(`ratio encrypted/plain throughput: ${fixed(r.plainMs / r.encryptedMs, 2)}; encrypted/Node ceiling: ${fixed(mbps(bytes, r.encryptedMs) / nodeMbps, 2)}`);
      console.log(
        r.browserCeiling
          ? `ceiling in this browser, the upload's work without the network (pre-read pass ${fixed(r.browserCeiling.readMs / 1000)} s + pool of ${r.browserCeiling.workers} evidence workers ${fixed(r.browserCeiling.workerMs / 1000)} s): ${fixed(mbps(bytes, r.browserCeiling.totalMs))} MB/s (pool alone ${fixed(mbps(bytes, r.browserCeiling.workerMs))} MB/s)`
          : `ceiling in this browser: not measured (${r.browserCeilingNote})`,
      );
      console.log(`(server: ${r.serverProcesses} process${r.serverProcesses === 1 ? "" : "es"} sampled; page heap excludes the worker's)`);
    }
  } finally {
    await browser.close();
    rmSync(folder, { recursive: true, force: true });
  }

  console.log("");
  for (const r of results) {
    const encrypted = mbps(bytes, r.encryptedMs);
    const plain = mbps(bytes, r.plainMs);
    const metrics: [string, string][] = [
      ["encrypted_mbps", fixed(encrypted)],
      ["plain_mbps", fixed(plain)],
      ["ratio", fixed(encrypted / plain, 2)],
      ["crypto_ceiling_mbps", fixed(nodeMbps)],
      ["ceiling_ratio", fixed(encrypted / nodeMbps, 2)],
      ["browser_ceiling_mbps", r.browserCeiling ? fixed(mbps(bytes, r.browserCeiling.totalMs)) : "n/a"],
      ["browser_ceiling_ratio", r.browserCeiling ? fixed(encrypted / mbps(bytes, r.browserCeiling.totalMs), 2) : "n/a"],
      ["heap_peak_mib", fixed(r.heapPeak / MIB)],
      ["plain_heap_peak_mib", fixed(r.plainHeapPeak / MIB)],
      ["rss_peak_mib", fixed(r.rssPeak / MIB)],
      ["rss_growth_mib", fixed((r.rssPeak - r.rssBase) / MIB)],
      ["plain_rss_peak_mib", fixed(r.plainRssPeak / MIB)],
      ["plain_rss_growth_mib", fixed((r.plainRssPeak - r.plainRssBase) / MIB)],
      ["finalise_ms", r.finaliseMs === null ? "n/a" : fixed(r.finaliseMs, 0)],
      ["finalise_request_ms", r.finaliseRequestMs === null ? "n/a" : fixed(r.finaliseRequestMs, 0)],
    ];
    for (const [metric, value] of metrics) console.log(`bench upload ${r.store} ${metric} ${value}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
