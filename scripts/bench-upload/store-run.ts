/**
 * One store's run of `npm run bench:upload` (the steps are in
 * scripts/bench-upload.ts's header): a fresh database with the demo seed,
 * the production server on that store, the caseworker's page in Chromium;
 * (a) the encrypted upload through the evidence tab, (b) the same bytes
 * plain on a server started afresh, then the browser's own ceiling.
 */
import { rmSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { signedInPage } from "../../e2e/support/flows";
import { startS3rverProcess } from "../../e2e/support/s3rver";
import { seedDemo } from "../../e2e/support/seed";
import { freshDatabase, startServer } from "../../e2e/support/server";
import { cpuMeter, peakSampler, s3rverPid, settledLevel, treeRssKiB } from "./measure";
import { browserCeiling, deleteRun, ENCRYPTED_RESULT, INSTRUMENT, pageGc, pageHeap, plainUpload, WARM_UP, type Encrypted } from "./page-scripts";
import { PART, type Result, type Store } from "./result";

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

/** `bytes`: the size of `file`, which both paths send. */
export async function benchStore(store: Store, browser: Browser, file: string, bytes: number): Promise<Result> {
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
    const encryptedCpuMeter = await cpuMeter(a.pid);
    await a.page.getByRole("button", { name: "Encrypt and upload 1 file" }).click();
    await a.page.waitForFunction(
      () => {
        const bench = (window as unknown as { __bench: { phases: Record<string, number>; failed: string | null } }).__bench;
        return bench.phases.done !== undefined || bench.failed !== null;
      },
      undefined,
      { timeout: 60 * 60_000, polling: 100 },
    );
    const encryptedCpu = await encryptedCpuMeter.end();
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
    const plainCpuMeter = await cpuMeter(b.pid);
    const plain = await b.page.evaluate<{ run: string; ms: number; parts: number }>(plainUpload("bench-plain", PART, 3));
    const plainCpu = await plainCpuMeter.end();
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
      encryptedCpu,
      plainCpu,
    };
  } finally {
    s3Rss?.stop();
    for (const session of sessions) await session.close();
    await s3?.close();
    rmSync(database.dataDir, { recursive: true, force: true });
  }
}
