// `npm start`: build if the sources changed, then serve the production build.
// With no DATABASE_URL the app uses the embedded database under ./data and,
// on first start, generates the session-signing secret there (mode 0600).
// A server deployment (DATABASE_URL set) must provide NEXTAUTH_SECRET itself;
// lib/env.ts refuses to start without it.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfNeeded, buildVerifierPage } from "./build-if-needed.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const port = (env.PORT ??= "3000");

function embeddedSecret(dataDir) {
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return fs.readFileSync(file, "utf8").trim();
}

if (!env.DATABASE_URL && !env.NEXTAUTH_SECRET) {
  env.NEXTAUTH_SECRET = embeddedSecret(path.resolve(root, env.DATA_DIR ?? "data"));
}
env.NEXTAUTH_URL ??= `http://localhost:${port}`;

// `next dev` serves public/ as it is: the verifier page must exist there too.
if (dev) buildVerifierPage();
else buildIfNeeded();

const next = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), dev ? "dev" : "start", "-p", port], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
