import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireEmbeddedLock, EmbeddedDatabaseBusyError, embeddedHolder, lockPath } from "./embedded-lock";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("embedded database lock", () => {
  it("refuses while another live process holds it", async () => {
    const dir = tempDir();
    const other = spawn("sleep", ["30"]);
    try {
      fs.writeFileSync(lockPath(dir), String(other.pid));
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
    await new Promise((resolve) => dead.on("exit", resolve));
    fs.writeFileSync(lockPath(dir), String(dead.pid));
    acquireEmbeddedLock(dir);
    expect(fs.readFileSync(lockPath(dir), "utf8")).toBe(String(process.pid));
  });

  it("is re-entrant for the holding process", () => {
    const dir = tempDir();
    acquireEmbeddedLock(dir);
    expect(() => acquireEmbeddedLock(dir)).not.toThrow();
  });
});
