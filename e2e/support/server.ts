import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPostgresDatabase } from "../../lib/testing/own-database";

// A private app server for a test file that needs a database of its own
// (first-run set-up needs an empty one; canary tests dump it afterwards).
// Embedded runs get a fresh PGlite folder; PostgreSQL runs (DATABASE_URL set)
// get a fresh database on the same server. Either way the server gets a
// DATA_DIR of its own (the embedded database, the first-run set-up token).

/**
 * `dataDir`: the folder beside the database (audit key, audit checkpoints, the
 * embedded database itself): one per database, as in a deployment.
 * `ownerUrl` (PostgreSQL): the role that owns the schema — migrations, and
 * tests that tamper as an attacker who controls the database would; `url` is
 * the app's runtime role (the restricted one when DATABASE_OWNER_URL is set).
 */
export type TestDatabase = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; ownerUrl: string; dataDir: string };


export async function freshDatabase(): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "casevault-e2e-own-"));
  const base = process.env.DATABASE_URL;
  if (!base) return { kind: "pglite", dataDir };
  const created = await createPostgresDatabase(base, process.env.DATABASE_OWNER_URL ?? base, "casevault_e2e");
  return { kind: "postgres", ...created, dataDir };
}

/** The one-time token a server prints on an empty database and keeps in DATA_DIR/setup-token. */
export function readSetupToken(database: TestDatabase): string {
  return fs.readFileSync(path.join(database.dataDir, "setup-token"), "utf8").trim();
}

/** The environment a process needs to use `database` as the app does. */
export function databaseEnv(database: TestDatabase): Record<string, string> {
  return database.kind === "pglite"
    ? { DATA_DIR: database.dataDir, DATABASE_URL: "", DATABASE_OWNER_URL: "" }
    : { DATA_DIR: database.dataDir, DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl };
}

export type AppServer = {
  baseURL: string;
  /** The server process's id (benchmarks sample its memory). */
  pid?: number;
  stop: () => Promise<void>;
  /** Resolves when the server process ends, with how it ended (a crash test waits for its SIGKILL). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * A random port for a private server: 3200–3599, below 3659, the first port
 * Next.js refuses to listen on (a port browsers block, "reserved for
 * apple-sasl"); the range 3200–3799 drew it once in CI.
 */
const randomPrivatePort = () => 3200 + Math.floor(Math.random() * 400);

/** `port`: to restart a server where its browsers expect it (default: E2E_PRIVATE_PORT, else a random free-looking one). */
export async function startServer(database: TestDatabase, env: Record<string, string> = {}, port = Number(process.env.E2E_PRIVATE_PORT) || randomPrivatePort()): Promise<AppServer> {
  // A server left over on this port would answer the health check below and the
  // test would run against its database, not this one: refuse instead.
  if (await fetch(`http://localhost:${port}/api/health`).then(() => true, () => false)) {
    throw new Error(`port ${port} already has a server: stop it (a leftover from another run?)`);
  }
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXTAUTH_SECRET: "e2e-private-server-secret-0123456789abcdef",
      SETUP_TOKEN: "",
      PORT: String(port),
      ...databaseEnv(database),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  // The server's own output, kept beside the test results for a failing run.
  fs.mkdirSync("test-results", { recursive: true });
  const log = fs.createWriteStream(path.join("test-results", `server-${port}.log`));
  let stderr = "";
  child.stdout?.pipe(log);
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    log.write(chunk);
  });
  // A server that dies mid-test says how, beside its output.
  child.once("exit", (code, signal) => log.write(`\n[e2e] server exited: code ${code} signal ${signal}\n`));
  const baseURL = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`app server exited early:\n${stderr}`);
    const ok = await fetch(`${baseURL}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`app server did not start:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return {
    baseURL,
    pid: child.pid,
    exited,
    stop: () =>
      new Promise<void>((resolve) => {
        // A child ended by a signal has exitCode null but signalCode set;
        // waiting for an "exit" already emitted would hang (a second stop()).
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
