import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureSetupToken, isSetupTokenValid, prepareSetupToken, removeSetupToken, setupTokenPath, type SetupTokenSource } from "./setup-token";

// The token file on its own: creation, permissions, reuse, the check, removal.

const dirs: string[] = [];
function fresh(envToken?: string): SetupTokenSource {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-setup-token-"));
  dirs.push(dataDir);
  return { dataDir, envToken };
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the set-up token", () => {
  it("is written once, 192 bits, readable only by the owner, and kept across restarts", () => {
    const src = fresh();
    const first = ensureSetupToken(src);
    expect(first.from).toBe("file");
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(fs.statSync(setupTokenPath(src.dataDir)).mode & 0o777).toBe(0o600);
    expect(ensureSetupToken(src).token).toBe(first.token);
  });

  it("tightens a token file left readable by others", () => {
    const src = fresh();
    fs.writeFileSync(setupTokenPath(src.dataDir), "a-token-someone-put-here\n", { mode: 0o644 });
    expect(ensureSetupToken(src).token).toBe("a-token-someone-put-here");
    expect(fs.statSync(setupTokenPath(src.dataDir)).mode & 0o777).toBe(0o600);
  });

  it("accepts the file's token (pasted with spaces around it) and nothing else", () => {
    const src = fresh();
    const { token } = ensureSetupToken(src);
    expect(isSetupTokenValid(token, src)).toBe(true);
    expect(isSetupTokenValid(`  ${token}\n`, src)).toBe(true);
    expect(isSetupTokenValid(token.slice(0, -1), src)).toBe(false);
    expect(isSetupTokenValid(`${token}x`, src)).toBe(false);
    expect(isSetupTokenValid("", src)).toBe(false);
  });

  it("with SETUP_TOKEN: writes no file and accepts only that value", () => {
    const src = fresh("operator-chosen-token-0123456789");
    expect(ensureSetupToken(src)).toMatchObject({ token: "operator-chosen-token-0123456789", from: "env" });
    expect(fs.existsSync(setupTokenPath(src.dataDir))).toBe(false);
    expect(isSetupTokenValid("operator-chosen-token-0123456789", src)).toBe(true);
    expect(isSetupTokenValid("operator-chosen-token-012345678", src)).toBe(false);
  });

  it("refuses everything when no token exists, the empty string included", () => {
    const src = fresh();
    expect(isSetupTokenValid("", src)).toBe(false);
    expect(isSetupTokenValid("anything", src)).toBe(false);
    fs.writeFileSync(setupTokenPath(src.dataDir), "\n");
    expect(isSetupTokenValid("", src)).toBe(false);
  });

  it("is dead once removed", () => {
    const src = fresh();
    const { token } = ensureSetupToken(src);
    removeSetupToken(src);
    expect(fs.existsSync(setupTokenPath(src.dataDir))).toBe(false);
    expect(isSetupTokenValid(token, src)).toBe(false);
    removeSetupToken(src); // twice is fine
  });

  it("at start on an empty database: printed with the set-up URL; with users: the left-over file is removed", () => {
    const src = fresh();
    const lines: string[] = [];
    prepareSetupToken(true, src, (line) => lines.push(line));
    const token = fs.readFileSync(setupTokenPath(src.dataDir), "utf8").trim();
    expect(lines.join("\n")).toContain(token);
    expect(lines.join("\n")).toMatch(/https?:\/\/[^\s]+\/setup /);
    lines.length = 0;
    prepareSetupToken(false, src, (line) => lines.push(line));
    expect(lines).toEqual([]);
    expect(fs.existsSync(setupTokenPath(src.dataDir))).toBe(false);
  });

  it("at start with SETUP_TOKEN: the value itself is never printed", () => {
    const src = fresh("operator-chosen-token-0123456789");
    const lines: string[] = [];
    prepareSetupToken(true, src, (line) => lines.push(line));
    expect(lines.join("\n")).toContain("SETUP_TOKEN");
    expect(lines.join("\n")).not.toContain("operator-chosen-token-0123456789");
  });
});
