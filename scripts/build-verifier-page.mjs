// Builds the offline verifier page (issue 13 point 7): lib/bundles/verify/web/page.ts
// and the verifier it runs (lib/bundles/verify/*.mjs) bundled by esbuild into
// one self-contained HTML file, public/verify.html, which the exporter puts
// into every bundle (lib/bundles/assemble-client.ts).
//
// Must always hold:
// - One file, no network: the script and style are inline, and the page's own
//   CSP (a meta tag, since a file:// page has no headers) allows exactly them,
//   by hash, and nothing else (connect-src 'none').
// - The browser runs the same verifier as the CLI: only ../crypto.mjs is
//   swapped for web/crypto.mjs, and node:fs/promises (used by the CLI's
//   fileSource) for a module that refuses.
// - Deterministic: the same sources give the same bytes (the page is signed
//   into each bundle; a stable page keeps bundles comparable).
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const web = path.join(root, "lib/bundles/verify/web");
export const VERIFIER_PAGE = path.join(root, "public/verify.html");

const NODE_ONLY = "casevault-node-only";

/** ../crypto.mjs → web/crypto.mjs; node:fs/promises → a module whose functions throw. */
const browserModules = {
  name: "casevault-verifier-browser",
  setup(b) {
    b.onResolve({ filter: /^\.\/crypto\.mjs$/ }, (args) => {
      if (path.resolve(args.resolveDir, args.path) !== path.join(root, "lib/bundles/verify/crypto.mjs")) return undefined;
      return { path: path.join(web, "crypto.mjs") };
    });
    b.onResolve({ filter: /^node:/ }, (args) => {
      if (args.path !== "node:fs/promises") return { errors: [{ text: `${args.path} has no browser version: the verifier page cannot use it` }] };
      return { path: args.path, namespace: NODE_ONLY };
    });
    b.onLoad({ filter: /.*/, namespace: NODE_ONLY }, () => ({
      contents: 'const refuse = () => { throw new Error("files on disk cannot be opened in the browser"); };\nexport const open = refuse;\nexport const readFile = refuse;\n',
      loader: "js",
    }));
  },
};

const sha256 = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The page's HTML, built from the sources; nothing is written. */
export async function renderVerifierPage() {
  const result = await build({
    entryPoints: [path.join(web, "page.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    // Ed25519 in WebCrypto: Chrome 137, Firefox 129, Safari 17.
    target: ["chrome120", "firefox120", "safari17"],
    minify: true,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
    plugins: [browserModules],
  });
  const script = result.outputFiles[0].text.trim();
  // The HTML parser would end the inline script at the first "</script".
  if (/<\/script/i.test(script)) throw new Error("the verifier script contains </script; it cannot be inlined");
  const style = fs.readFileSync(path.join(web, "style.css"), "utf8").trim();
  const version = createHash("sha256").update(script).update(style).digest("hex").slice(0, 16);
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(style)}`,
    "connect-src 'none'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const template = fs.readFileSync(path.join(web, "template.html"), "utf8");
  // Replaced by a function: "$" in the script must not be read as a replacement pattern.
  const html = template
    .replace("__CSP__", () => csp)
    .replace("__VERSION__", () => version)
    .replace("__STYLE__", () => style)
    .replace("__SCRIPT__", () => script);
  return html;
}

/** Writes public/verify.html (only if its bytes changed). */
export async function buildVerifierPage({ quiet = false } = {}) {
  const started = Date.now();
  const html = await renderVerifierPage();
  fs.mkdirSync(path.dirname(VERIFIER_PAGE), { recursive: true });
  const previous = fs.existsSync(VERIFIER_PAGE) ? fs.readFileSync(VERIFIER_PAGE, "utf8") : null;
  if (previous !== html) fs.writeFileSync(VERIFIER_PAGE, html);
  if (!quiet) console.log(`Built public/verify.html (${Math.round(html.length / 1024)} KiB) in ${Date.now() - started} ms.`);
  return html;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildVerifierPage().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
