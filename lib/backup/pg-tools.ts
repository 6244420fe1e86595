import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BackupError } from "./manifest";

// pg_dump / pg_restore for PostgreSQL deployments. The connection goes to
// them through libpq's environment variables, never the command line, so a
// password in DATABASE_URL does not show in `ps`.

export type PgTool = "pg_dump" | "pg_restore";

/** PG_DUMP / PG_RESTORE, else the PATH, else the newest /usr/lib/postgresql/<n>/bin. */
export function findPgTool(tool: PgTool, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[tool.toUpperCase()];
  if (override) return override;
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, tool);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const candidate = path.join(base, v, "bin", tool);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new BackupError(
    `${tool} is needed for a PostgreSQL backup and was not found (PATH, /usr/lib/postgresql/*/bin). ` +
      `Install the PostgreSQL client of your server's major version or newer (Debian: apt-get install postgresql-client), or set ${tool.toUpperCase()}.`,
  );
}

const queryParams: Record<string, string> = {
  sslmode: "PGSSLMODE",
  sslrootcert: "PGSSLROOTCERT",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  host: "PGHOST",
  port: "PGPORT",
  connect_timeout: "PGCONNECT_TIMEOUT",
  options: "PGOPTIONS",
};

/** libpq environment for a postgres:// URL (the same server and database the app uses). */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const out: Record<string, string> = {};
  if (u.hostname) out.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ""));
  if (u.port) out.PGPORT = u.port;
  if (u.username) out.PGUSER = decodeURIComponent(u.username);
  if (u.password) out.PGPASSWORD = decodeURIComponent(u.password);
  const db = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (db) out.PGDATABASE = db;
  for (const [key, value] of u.searchParams) {
    const name = queryParams[key];
    if (name) out[name] = value; // others (e.g. Prisma's `schema`) mean nothing to libpq
  }
  return out;
}

/** Runs a PostgreSQL client tool; rejects with its stderr on a non-zero exit. */
export function runPgTool(tool: PgTool, args: string[], url: string): Promise<void> {
  const bin = findPgTool(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? "15", ...libpqEnv(url) },
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => reject(new BackupError(`${tool} could not be run: ${error.message}`)));
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`));
    });
  });
}
