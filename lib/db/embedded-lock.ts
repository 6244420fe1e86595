import "server-only";
import fs from "node:fs";
import path from "node:path";

// PGlite does not lock its data folder, and two processes opening it corrupt
// it (STACK.md). Whoever opens the embedded database first writes its PID and
// the process's start time here; anyone else refuses while that very process
// lives. A lock is stale — and taken over — when its process is gone, is a
// zombie (exited, not yet reaped), or the PID now belongs to another process
// (its start time differs: the PID was reused after a crash).

export class EmbeddedDatabaseBusyError extends Error {
  override readonly name = "EmbeddedDatabaseBusyError";
}

type ProcessState = { running: boolean; startTime: string | null };

/** From /proc (Linux): whether `pid` runs (not a zombie) and when it started (clock ticks since boot). */
function processState(pid: number): ProcessState {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const state = fields[0];
    return { running: state !== "Z" && state !== "X", startTime: fields[19] ?? null };
  } catch {
    return { running: signalable(pid), startTime: null }; // no /proc: fall back to a signal probe
  }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock file's content for this process: "<pid> <start time>". */
export function lockStamp(pid: number = process.pid): string {
  const { startTime } = processState(pid);
  return startTime ? `${pid} ${startTime}` : String(pid);
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, "pglite.lock");
}

/** Returns the PID holding the embedded database, or null when it is free (or the lock is stale). */
export function embeddedHolder(dataDir: string): number | null {
  let content: string;
  try {
    content = fs.readFileSync(lockPath(dataDir), "utf8").trim();
  } catch {
    return null;
  }
  const [pidText, startTime] = content.split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const state = processState(pid);
  if (!state.running) return null;
  if (startTime && state.startTime && startTime !== state.startTime) return null; // PID reused by another process
  return pid;
}

function tryAcquire(dataDir: string): number | null {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, lockStamp(), { flag: "wx", mode: 0o600 });
      process.once("exit", () => releaseEmbeddedLock(dataDir));
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = embeddedHolder(dataDir);
      if (holder === process.pid) return null;
      if (holder !== null) return holder;
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new EmbeddedDatabaseBusyError(`Could not lock the embedded database in ${dataDir}.`);
}

/** Removes the lock if this process holds it (a command done with the database before it exits). */
export function releaseEmbeddedLock(dataDir: string): void {
  try {
    if (fs.readFileSync(lockPath(dataDir), "utf8").trim() === lockStamp()) fs.unlinkSync(lockPath(dataDir));
  } catch {
    /* already gone */
  }
}

function busy(dataDir: string, holder: number): EmbeddedDatabaseBusyError {
  return new EmbeddedDatabaseBusyError(
    `The embedded database in ${dataDir} is in use by process ${holder} (probably the running app). Stop it first.`,
  );
}

export function acquireEmbeddedLock(dataDir: string): void {
  const holder = tryAcquire(dataDir);
  if (holder !== null) throw busy(dataDir, holder);
}

/**
 * Like `acquireEmbeddedLock`, but waits up to `waitMs` for the holder to go
 * away. The server uses it so a process that is still exiting (a command
 * that just finished with the database) does not fail the start.
 */
export async function acquireEmbeddedLockWaiting(dataDir: string, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = tryAcquire(dataDir);
    if (holder === null) return;
    if (Date.now() >= deadline) throw busy(dataDir, holder);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
