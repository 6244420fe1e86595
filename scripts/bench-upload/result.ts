/**
 * What one store's run of `npm run bench:upload` yields (store-run.ts), and
 * the units it is measured and printed in (report.ts).
 */

export type Store = "fs" | "postgres" | "s3";
export const ALL_STORES: Store[] = ["fs", "postgres", "s3"];

export const MIB = 1_048_576;
export const PART = 4 * MIB;
export const mbps = (n: number, ms: number) => n / MIB / (ms / 1000);
export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

export type Result = {
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
  /** CPU seconds each path cost: the server's process tree, and the whole machine (browser, server, store, this script). */
  encryptedCpu: { serverCpuS: number; machineCpuS: number };
  plainCpu: { serverCpuS: number; machineCpuS: number };
};
