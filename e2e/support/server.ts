import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// A private app server for a test file that needs a database of its own
// (first-run set-up needs an empty one; canary tests dump it afterwards).
// Embedded runs get a fresh PGlite folder; PostgreSQL runs (DATABASE_URL set)
// get a fresh database on the same server.

export type TestDatabase = { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };

export async function freshDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (!base) return { kind: "pglite", dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "casevault-e2e-own-")) };
  const name = `casevault_e2e_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { kind: "postgres", url: url.toString() };
}

export type AppServer = {
  baseURL: string;
  stop: () => Promise<void>;
  /** Resolves when the server process ends, with how it ended (a crash test waits for its SIGKILL). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/** `port`: to restart a server where its browsers expect it (default: a random free-looking one). */
export async function startServer(database: TestDatabase, env: Record<string, string> = {}, port = 3200 + Math.floor(Math.random() * 600)): Promise<AppServer> {
  const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXTAUTH_SECRET: "e2e-private-server-secret-0123456789abcdef",
      ...(database.kind === "pglite" ? { DATA_DIR: database.dataDir, DATABASE_URL: "" } : { DATABASE_URL: database.url }),
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
