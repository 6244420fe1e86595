/**
 * The printed lines of `npm run bench:upload`: per store, human-readable
 * figures as each store finishes; at the end, one
 * `bench upload <store> <metric> <value>` line per figure.
 */
import { fixed, mbps, MIB, type Result } from "./result";

/** The human-readable lines of one store's run; `bytes` is the file's size, `nodeMbps` the Node ceiling. */
export function printStoreResult(r: Result, bytes: number, nodeMbps: number): void {
  const { store } = r;
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
  const cpu = (c: Result["plainCpu"], ms: number) => `server ${fixed(c.serverCpuS)} core-s, whole machine ${fixed(c.machineCpuS)} core-s (${fixed(c.machineCpuS / (ms / 1000), 2)} cores busy on average)`;
  console.log(`CPU, encrypted: ${cpu(r.encryptedCpu, r.encryptedMs)}; plain: ${cpu(r.plainCpu, r.plainMs)}`);
  console.log(`(server: ${r.serverProcesses} process${r.serverProcesses === 1 ? "" : "es"} sampled; page heap excludes the worker's)`);
}

/** The `bench upload <store> <metric> <value>` lines, after every store has run. */
export function printMetricLines(results: Result[], bytes: number, nodeMbps: number): void {
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
      ["server_cpu_s", fixed(r.encryptedCpu.serverCpuS)],
      ["machine_cpu_s", fixed(r.encryptedCpu.machineCpuS)],
      ["plain_server_cpu_s", fixed(r.plainCpu.serverCpuS)],
      ["plain_machine_cpu_s", fixed(r.plainCpu.machineCpuS)],
      ["finalise_ms", r.finaliseMs === null ? "n/a" : fixed(r.finaliseMs, 0)],
      ["finalise_request_ms", r.finaliseRequestMs === null ? "n/a" : fixed(r.finaliseRequestMs, 0)],
    ];
    for (const [metric, value] of metrics) console.log(`bench upload ${r.store} ${metric} ${value}`);
  }
}
