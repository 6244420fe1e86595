import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

// THE FIRST-RUN SET-UP TOKEN. Whoever reaches /setup first on a fresh
// instance would become its administrator; the token makes that "whoever
// can read the server's start-up output or its DATA_DIR". Invariants:
// - the token is SETUP_TOKEN when set, else the file DATA_DIR/setup-token
//   (mode 0600), read at each check, so instances sharing a folder agree and
//   a restart before set-up keeps the token already handed over;
// - the comparison is constant-time and happens before any Argon2id work;
// - no token configured (file gone, env unset) refuses every attempt;
// - once set-up has committed the file is removed; the token is dead anyway,
//   because set-up refuses as soon as a user exists.

export type SetupTokenSource = { dataDir: string; envToken: string | undefined };

const FILE = "setup-token";

function source(): SetupTokenSource {
  const e = env();
  return { dataDir: path.resolve(e.DATA_DIR), envToken: e.SETUP_TOKEN };
}

export function setupTokenPath(dataDir: string): string {
  return path.join(dataDir, FILE);
}

function readTokenFile(dataDir: string): string | null {
  try {
    return fs.readFileSync(setupTokenPath(dataDir), "utf8").trim() || null;
  } catch {
    return null;
  }
}

/**
 * At start on an empty database: the token this instance accepts. With
 * SETUP_TOKEN nothing is written (the operator chose it); otherwise the
 * existing file is kept, or a new 192-bit token is written with mode 0600.
 */
export function ensureSetupToken(src: SetupTokenSource = source()): { token: string; from: "env" | "file"; file: string } {
  const file = setupTokenPath(src.dataDir);
  if (src.envToken) return { token: src.envToken, from: "env", file };
  try {
    fs.mkdirSync(src.dataDir, { recursive: true, mode: 0o700 });
    // "wx": two instances starting at once on one folder keep the first one's token.
    fs.writeFileSync(file, `${randomBytes(24).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EEXIST") throw new Error(`cannot write ${file} (${code ?? "error"}): make DATA_DIR writable, or set SETUP_TOKEN`);
    fs.chmodSync(file, 0o600);
  }
  const token = readTokenFile(src.dataDir);
  if (!token) throw new Error(`${file} is empty: delete it and start again`);
  return { token, from: "file", file };
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** True only for the configured token; hashing first makes the compare constant-time whatever the lengths. */
export function isSetupTokenValid(given: string, src: SetupTokenSource = source()): boolean {
  const expected = src.envToken ?? readTokenFile(src.dataDir);
  const match = timingSafeEqual(digest(given.trim()), digest(expected ?? ""));
  return expected !== null && expected.length > 0 && match;
}

/** After set-up (or at a start that finds users): the token file has no further use. */
export function removeSetupToken(src: SetupTokenSource = source()): void {
  fs.rmSync(setupTokenPath(src.dataDir), { force: true });
}

/**
 * At server start: on an empty database, make sure a token exists and tell
 * the operator where it is (stdout is the operator's console); once there
 * are users, a left-over file is removed.
 */
export function prepareSetupToken(databaseIsEmpty: boolean, src: SetupTokenSource = source(), log: (line: string) => void = console.log): void {
  if (!databaseIsEmpty) return removeSetupToken(src);
  const { token, from, file } = ensureSetupToken(src);
  const url = `${(env().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, "")}/setup`;
  if (from === "env") {
    log(`[casevault] No organisation yet. Open ${url} and enter the set-up token given in SETUP_TOKEN.`);
    return;
  }
  log(
    [
      `[casevault] No organisation yet. Open ${url} and enter this one-time set-up token:`,
      "",
      `    ${token}`,
      "",
      `  (also in ${file}; it stops working once set-up is done)`,
    ].join("\n"),
  );
}
