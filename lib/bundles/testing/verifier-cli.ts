import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..", "..");
/** The command-line verifier a court or a lawyer runs: the tests run the real file, not its module. */
export const VERIFIER_BIN = join(REPO_ROOT, "bin", "casevault-verify.mjs");

export type CliRun = { status: number | null; stdout: string; stderr: string };

/** Writes `bytes` as `dir/name` and runs the verifier on it with `args`, as a person would from a shell. */
export function runVerifierCli(dir: string, bytes: Uint8Array, args: string[] = [], name = `${crypto.randomUUID()}.zip`): CliRun {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const result = spawnSync(process.execPath, [VERIFIER_BIN, file, ...args], { encoding: "utf8", cwd: REPO_ROOT });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
