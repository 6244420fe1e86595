/**
 * What `npm run bench:upload` runs in the page: marks of the upload row's
 * phases, the plain upload, the warm-up, and the browser's own ceiling.
 * Strings, not functions: tsx would add helpers the page does not have.
 */
import type { Page } from "@playwright/test";

export const pageHeap = (page: Page) => page.evaluate<number>("performance.memory ? performance.memory.usedJSHeapSize : 0");
export const pageGc = (page: Page) => page.evaluate("typeof gc === 'function' ? (gc(), gc(), true) : false");

/** Records when the upload button was clicked and when the upload row first showed each phase (or an error). */
export const INSTRUMENT = `(() => {
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

export type Encrypted = { click: number; phases: Partial<Record<"reading" | "read" | "uploading" | "finalising" | "done", number>> };

export const ENCRYPTED_RESULT = `({ click: window.__bench.click, phases: window.__bench.phases })`;

const B64URL = `const b64url = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  };`;

/** One part per fetch, `lanes` at once; each slice read into an ArrayBuffer and hashed, then sent as a Blob of those bytes (as upload-client.ts sends a part) and released once stored. */
export const plainUpload = (inputId: string, partBytes: number, lanes: number) => `(async () => {
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
      bytes.transfer(0); // released at once, as the upload releases a stored part (lib/crypto/encoding.ts releaseBuffer)
      sent++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: ${lanes} }, send));
  return { run, ms: performance.now() - started, parts: sent };
})()`;

export const deleteRun = (run: string) => `(async () => {
  const response = await fetch("/api/bench/plain-upload?run=${run}", { method: "DELETE", credentials: "same-origin", cache: "no-store" });
  if (!response.ok) throw new Error("delete: " + response.status);
  return await response.json();
})()`;

/** A tiny part through the bench route and the store, then deleted: the route and store are loaded before either path is timed. */
export const WARM_UP = `(async () => {
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
 * segment per free worker, worker 0 also hashing the whole plaintext from
 * the segments' relayed plaintext, every part released as it arrives.
 */
export const browserCeiling = (workerUrl: string, inputId: string) => `(async () => {
  ${B64URL}
  const file = document.getElementById(${JSON.stringify(inputId)}).files[0];
  const SEGMENT = 4 * 1024 * 1024;
  const started = performance.now();
  // As fileSegmentDigests (plain-segments.ts): a slice per segment, three segments in flight.
  const count = Math.max(1, Math.ceil(file.size / SEGMENT));
  const segments = new Array(count);
  const readSlice = (i) => file.slice(i * SEGMENT, Math.min(file.size, (i + 1) * SEGMENT)).arrayBuffer();
  let nextIndex = 0;
  const lane = async () => {
    while (nextIndex < count) {
      const i = nextIndex++;
      const bytes = await readSlice(i);
      segments[i] = b64url(await crypto.subtle.digest("SHA-256", bytes));
      new Uint8Array(bytes).fill(0);
      bytes.transfer(0); // wiped and released, as fileSegmentDigests does (discard)
    }
  };
  await Promise.all(Array.from({ length: Math.min(3, count) }, lane));
  const read = performance.now();
  const cores = navigator.hardwareConcurrency || 1;
  const size = cores >= 2 ? Math.max(2, Math.min(4, cores - 1)) : 1;
  const fileKey = crypto.getRandomValues(new Uint8Array(32));
  let next = 0;
  let parts = 0;
  const workers = [];
  const done = await new Promise((resolve, reject) => {
    let hashed = false;
    // As the upload (upload-parts.ts): each segment's checked plaintext goes on to worker 0's hash job, at most 4 waiting.
    let waiting = 0;
    const idle = [];
    const finish = () => { if (hashed && parts === segments.length) resolve(parts); };
    const give = () => {
      while (idle.length > 0 && next < segments.length && waiting < 4) idle.shift().postMessage({ type: "segment", index: next++, relay: true });
    };
    for (let i = 0; i < size; i++) {
      // Turbopack builds the worker as a classic script (its bootstrap uses importScripts).
      const worker = new Worker(new URL(${JSON.stringify(workerUrl)}, location.href));
      workers.push(worker);
      worker.onerror = (event) => reject(new Error("worker: " + (event.message || "error")));
      worker.onmessage = (event) => {
        const data = event.data;
        if (data.type === "part") {
          data.bytes.transfer(0);
          parts++;
          waiting++;
          workers[0].postMessage({ type: "plain", index: data.partNumber - 1, bytes: data.plain }, [data.plain]);
          idle.push(worker);
          give();
          finish();
        }
        else if (data.type === "took") { waiting--; give(); }
        else if (data.type === "hashed") { hashed = true; finish(); }
        else if (data.type === "error") reject(new Error("worker: " + data.code));
      };
      const key = fileKey.slice();
      worker.postMessage({ type: "init", file, fileKey: key, segments }, [key.buffer]);
      if (i === 0) worker.postMessage({ type: "hash", relayed: segments.map((_, index) => index) });
      idle.push(worker);
    }
    give();
  });
  for (const worker of workers) worker.terminate();
  const ended = performance.now();
  return { totalMs: ended - started, readMs: read - started, workerMs: ended - read, parts: done, workers: size };
})()`;
