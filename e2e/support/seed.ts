import { spawnSync } from "node:child_process";
import { expect } from "@playwright/test";
import type { Account } from "./flows";
import { databaseEnv, type TestDatabase } from "./server";

export function runScript(script: string, database: TestDatabase, env: Record<string, string> = {}, args: string[] = []) {
  return spawnSync("npm", ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])], {
    encoding: "utf8",
    env: { ...process.env, ...databaseEnv(database), ...env },
  });
}

export type SeededAccount = Account & { role: string };

/** Runs `npm run seed:demo` (with `env` added: another blob store…) and reads back the credentials it prints. */
export function seedDemo(database: TestDatabase, env: Record<string, string> = {}): { accounts: SeededAccount[]; stdout: string } {
  const seeded = runScript("seed:demo", database, env);
  expect(seeded.status, seeded.stderr).toBe(0);
  const accounts = [...seeded.stdout.matchAll(/(\w+)\s+(\S+@demo\.casevault\.test)\s+passphrase:\s+(.+)\n\s+TOTP secret: ([A-Z2-7]{32})/g)].map((m) => ({
    role: m[1]!,
    email: m[2]!,
    passphrase: m[3]!.trim(),
    secret: m[4]!,
  }));
  return { accounts, stdout: seeded.stdout };
}
