// Runs `next build` only when the sources changed since the last build, so
// `npm start` and `npm test` are quick after the first run and never serve a
// stale build. The fingerprint is a SHA-256 over every input file's content.
// The offline verifier page (public/verify.html) is built first, every time
// (half a second, and unchanged bytes are not rewritten): it is derived from
// lib/, already an input, so it is left out of the fingerprint.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const inputs = ["app", "lib", "messages", "public", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema.prisma"];
const stampFile = path.join(root, ".next", "casevault-build-fingerprint");
const derived = new Set([path.join("public", "verify.html")]);

function* files(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    if (!derived.has(entry)) yield entry;
    return;
  }
  for (const name of fs.readdirSync(full).sort()) {
    if (name === "node_modules" || name === "generated") continue;
    const child = path.join(entry, name);
    if (/\.test\.tsx?$/.test(name)) continue; // tests are not part of the app
    yield* files(child);
  }
}

export function fingerprint() {
  const hash = createHash("sha256");
  for (const input of inputs) {
    for (const file of files(input)) {
      hash.update(file).update("\0").update(fs.readFileSync(path.join(root, file))).update("\0");
    }
  }
  return hash.digest("hex");
}

/** public/verify.html, which the exporter puts into every bundle (scripts/build-verifier-page.mjs). */
export function buildVerifierPage() {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/build-verifier-page.mjs")], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function buildIfNeeded() {
  buildVerifierPage();
  const current = fingerprint();
  const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8") : null;
  if (built === current) {
    console.log("Build is up to date.");
    return;
  }
  console.log("Building Casevault (next build)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  fs.writeFileSync(stampFile, current);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfNeeded();
