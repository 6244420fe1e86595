import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireEmbeddedLock, acquireEmbeddedLockWaiting, EmbeddedDatabaseBusyError, embeddedHolder, lockPath, lockStamp } from "./embedded-lock";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function exited(child: ReturnType<typeof spawn>) {
  return new Promise((resolve) => child.on("exit", resolve));
}

describe("embedded database lock", () => {
  it("refuses while another live process holds it", async () => {
    const dir = tempDir();
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(lockPath(dir), lockStamp(other.pid));
      expect(embeddedHolder(dir)).toBe(other.pid);
      expect(() => acquireEmbeddedLock(dir)).toThrow(EmbeddedDatabaseBusyError);
      expect(() => acquireEmbeddedLock(dir)).toThrow(new RegExp(`process ${other.pid}`));
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a dead process", async () => {
    const dir = tempDir();
    const dead = spawn("true");
    await exited(dead);
    fs.writeFileSync(lockPath(dir), lockStamp(dead.pid));
    acquireEmbeddedLock(dir);
    expect(fs.readFileSync(lockPath(dir), "utf8")).toBe(lockStamp());
  });

  it("takes over a lock whose PID now belongs to another process (PID reused after a crash)", () => {
    const dir = tempDir();
    const other = spawn("sleep", ["30"]);
    try {
      const [, startTime] = lockStamp(other.pid).split(" ");
      fs.writeFileSync(lockPath(dir), `${other.pid} ${Number(startTime) - 1}`);
      expect(embeddedHolder(dir)).toBeNull();
      acquireEmbeddedLock(dir);
      expect(fs.readFileSync(lockPath(dir), "utf8")).toBe(lockStamp());
    } finally {
      other.kill();
    }
  });

  it("the server's acquire waits for a holder that is exiting, and gives up after its wait", async () => {
    const dir = tempDir();
    const leaving = spawn("sleep", ["0.6"]);
    fs.writeFileSync(lockPath(dir), lockStamp(leaving.pid));
    await acquireEmbeddedLockWaiting(dir, 10_000);
    expect(fs.readFileSync(lockPath(dir), "utf8")).toBe(lockStamp());

    const staying = spawn("sleep", ["30"]);
    const other = tempDir();
    try {
      fs.writeFileSync(lockPath(other), lockStamp(staying.pid));
      const started = Date.now();
      await expect(acquireEmbeddedLockWaiting(other, 500)).rejects.toThrow(EmbeddedDatabaseBusyError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    } finally {
      staying.kill();
    }
  });

  it("is re-entrant for the holding process", () => {
    const dir = tempDir();
    acquireEmbeddedLock(dir);
    expect(() => acquireEmbeddedLock(dir)).not.toThrow();
  });
});
