import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// How `npm run audit:verify` asks the running app to verify (the embedded
// database may be opened by one process only). At start the app writes
// DATA_DIR/audit-verify.json (mode 0600): its pid, its port and a fresh random
// token. Only someone who can read DATA_DIR — the machine's operator, who
// could read the database files anyway — can call POST /api/audit/verify.
// The answer is the verification report: counts, seqs and hashes only.

export type LocalVerifyEndpoint = { pid: number; port: number; token: string };

export function localVerifyPath(dataDir: string): string {
  return path.join(dataDir, "audit-verify.json");
}

/** Written by the app at start (atomically: a reader never sees half a file). */
export function writeLocalVerifyEndpoint(dataDir: string, port: number): void {
  const endpoint: LocalVerifyEndpoint = { pid: process.pid, port, token: randomBytes(32).toString("base64url") };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = localVerifyPath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(endpoint), { mode: 0o600 });
  fs.renameSync(temp, file);
}

export function readLocalVerifyEndpoint(dataDir: string): LocalVerifyEndpoint | null {
  try {
    const value = JSON.parse(fs.readFileSync(localVerifyPath(dataDir), "utf8")) as Partial<LocalVerifyEndpoint>;
    if (typeof value.pid !== "number" || typeof value.port !== "number" || typeof value.token !== "string") return null;
    return { pid: value.pid, port: value.port, token: value.token };
  } catch {
    return null;
  }
}

/** True when `authorization` is "Bearer <the token this process wrote>". Constant-time. */
export function isLocalVerifyToken(dataDir: string, authorization: string | null): boolean {
  const endpoint = readLocalVerifyEndpoint(dataDir);
  if (!endpoint || endpoint.pid !== process.pid || !authorization?.startsWith("Bearer ")) return false;
  const given = Buffer.from(authorization.slice("Bearer ".length));
  const expected = Buffer.from(endpoint.token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
