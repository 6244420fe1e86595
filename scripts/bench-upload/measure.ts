/**
 * Measuring the server side of `npm run bench:upload`: the RSS of a process
 * tree (`ps`), peaks sampled every 250 ms, the level before a path starts,
 * and the s3rver child's process id.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** RSS (KiB) of `pid` and every process below it. */
export async function treeRssKiB(pid: number): Promise<{ kib: number; processes: number }> {
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
export function peakSampler(sample: () => Promise<number>) {
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
export async function settledLevel(read: () => Promise<number>): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < 4; i++) {
    values.push(await read());
    await new Promise((r) => setTimeout(r, 250));
  }
  values.sort((a, b) => a - b);
  return (values[1]! + values[2]!) / 2;
}

export async function s3rverPid(): Promise<number | null> {
  const { stdout } = await execFileAsync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)]);
  const line = stdout.split("\n").find((l) => l.includes("s3rver-child.mjs"));
  return line ? Number(line.trim().split(/\s+/)[0]) : null;
}
