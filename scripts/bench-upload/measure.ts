/**
 * Measuring the server side of `npm run bench:upload`: the RSS of a process
 * tree (`ps`), peaks sampled every 250 ms, the level before a path starts,
 * and the s3rver child's process id.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** `pid` and every process below it, with each one's RSS (KiB), from one `ps`. */
async function processTree(pid: number): Promise<Map<number, number>> {
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
  return new Map(rows.filter(([p]) => inTree.has(p)).map(([p, , rss]) => [p, rss]));
}

/** RSS (KiB) of `pid` and every process below it. */
export async function treeRssKiB(pid: number): Promise<{ kib: number; processes: number }> {
  const tree = await processTree(pid);
  let kib = 0;
  for (const rss of tree.values()) kib += rss;
  return { kib, processes: tree.size };
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

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) spent so far by `pid` and every process below it (Linux /proc). */
export async function treeCpuSeconds(pid: number): Promise<number> {
  let ticks = 0;
  for (const p of (await processTree(pid)).keys()) {
    try {
      // Fields after the command (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
      const stat = await readFile(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Ended meanwhile.
    }
  }
  return ticks / CLOCK_TICKS;
}

/** CPU seconds the whole machine has been busy (every core, every process), from /proc/stat. */
export async function machineBusySeconds(): Promise<number> {
  const [cpu = ""] = (await readFile("/proc/stat", "utf8")).split("\n");
  // cpu user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / CLOCK_TICKS;
}

/** Starts counting; `end()` gives the CPU seconds the server tree and the whole machine spent since. */
export async function cpuMeter(serverPid: number): Promise<{ end: () => Promise<{ serverCpuS: number; machineCpuS: number }> }> {
  const server0 = await treeCpuSeconds(serverPid);
  const machine0 = await machineBusySeconds();
  return {
    end: async () => ({ serverCpuS: (await treeCpuSeconds(serverPid)) - server0, machineCpuS: (await machineBusySeconds()) - machine0 }),
  };
}
