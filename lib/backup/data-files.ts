import fs from "node:fs";
import path from "node:path";
import { BackupError } from "./manifest";

// What of DATA_DIR goes into a backup: everything except lock files (they
// name a process of this machine and would block the restored instance).
// Listing the folder rather than naming files means secrets added later
// (audit key, checkpoints, set-up token, a blob folder…) are backed up
// without anyone remembering to add them here.

export type DataEntry = { rel: string; abs: string; type: "file" | "directory"; size: number; mode: number };

export function isLockFile(name: string): boolean {
  return name.endsWith(".lock") || name.endsWith(".pid");
}

/** The fs blob store's folder of writes in progress (lib/blobs/fs-store.ts): never part of a backup. */
const INCOMPLETE_WRITES = ".incomplete";

/**
 * Every directory and regular file under `dataDir`, parents before children,
 * sorted. `skipTopLevel`: top-level names to leave out. Symlinks are followed
 * (a blob folder may live on another disk); sockets and devices are refused.
 */
export function listDataFiles(dataDir: string, skipTopLevel: string[] = []): DataEntry[] {
  const out: DataEntry[] = [];
  const walk = (absDir: string, relDir: string) => {
    for (const name of fs.readdirSync(absDir).sort()) {
      if (isLockFile(name) || name === INCOMPLETE_WRITES) continue;
      if (!relDir && skipTopLevel.includes(name)) continue;
      const abs = path.join(absDir, name);
      const rel = relDir ? `${relDir}/${name}` : name;
      const stat = fs.statSync(abs);
      if (stat.isDirectory()) {
        out.push({ rel, abs, type: "directory", size: 0, mode: stat.mode & 0o777 });
        walk(abs, rel);
      } else if (stat.isFile()) {
        out.push({ rel, abs, type: "file", size: stat.size, mode: stat.mode & 0o777 });
      } else {
        throw new BackupError(`Not a file or folder, cannot back it up: ${abs}`);
      }
    }
  };
  walk(dataDir, "");
  return out;
}

/** True when `dir` does not exist or holds nothing but lock files. */
export function isEmptyDataDir(dir: string): boolean {
  if (!fs.existsSync(dir)) return true;
  if (!fs.statSync(dir).isDirectory()) return false;
  return fs.readdirSync(dir).every(isLockFile);
}
