// Casevault's module boundaries, as lint rules (DESIGN.md §2, §8):
// - libsodium is imported by lib/crypto/sodium.ts only;
// - lib/crypto (the decrypting code) is imported only by client modules
//   ("use client" or `import "client-only"`), lib/crypto itself, tests and
//   Node scripts — never by a server module, route handler or server action;
// - lib/db is imported only by server modules under lib/<domain>/ (files that
//   import "server-only"), lib/db itself, instrumentation.ts, scripts and tests.
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

function relative(file) {
  return path.relative(root, file).split(path.sep).join("/");
}

/** The repo-relative path an import points at, or null for a package. */
function target(source, filename) {
  if (source.startsWith("@/")) return source.slice(2);
  if (source.startsWith(".")) return relative(path.resolve(path.dirname(filename), source));
  return null;
}

const isTest = (file) => /\.test\.tsx?$/.test(file) || file.startsWith("e2e/") || file.startsWith("lib/testing/");
const isScript = (file) => file.startsWith("scripts/");
const under = (file, dir) => file === dir || file.startsWith(`${dir}/`) || file.startsWith(`${dir}.`);

function importSources(node) {
  return node.source && typeof node.source.value === "string" ? [node.source.value] : [];
}

function directives(program) {
  return program.body
    .filter((s) => s.type === "ExpressionStatement" && typeof s.directive === "string")
    .map((s) => s.directive);
}

function importsPackage(program, name) {
  return program.body.some((s) => s.type === "ImportDeclaration" && s.source.value === name);
}

function importRule(description, check) {
  return {
    meta: { type: "problem", docs: { description }, schema: [], messages: { forbidden: "{{why}}" } },
    create(context) {
      const file = relative(context.filename);
      let program;
      const visit = (node) => {
        for (const source of importSources(node)) {
          const why = check({ file, source, to: target(source, context.filename), program });
          if (why) context.report({ node, messageId: "forbidden", data: { why } });
        }
      };
      return {
        Program(node) {
          program = node;
        },
        ImportDeclaration: visit,
        ExportNamedDeclaration: visit,
        ExportAllDeclaration: visit,
        ImportExpression(node) {
          if (node.source.type === "Literal" && typeof node.source.value === "string") visit(node);
        },
      };
    },
  };
}

const noSodiumOutsideFacade = importRule("libsodium only in lib/crypto/sodium.ts", ({ file, source }) =>
  /^libsodium-wrappers(-sumo)?$/.test(source) && file !== "lib/crypto/sodium.ts"
    ? "Import libsodium only in lib/crypto/sodium.ts; use the functions it re-exports."
    : null,
);

const cryptoOnlyInClient = importRule("lib/crypto only in client modules", ({ file, to, program }) => {
  if (!to || !under(to, "lib/crypto") || under(file, "lib/crypto")) return null;
  const server = importsPackage(program, "server-only") || directives(program).includes("use server");
  if (server) return "A server module must not import lib/crypto: decryption happens only in the browser.";
  if (isTest(file) || isScript(file)) return null;
  const client = directives(program).includes("use client") || importsPackage(program, "client-only");
  return client
    ? null
    : 'Only client modules may import lib/crypto: add "use client" or import "client-only", or move the code to the browser.';
});

// The database is reached from server modules of a domain: lib/<domain>/… files
// that import "server-only" (named for what they hold: queries.ts, actions/,
// store.ts, sessions.ts…), never from routes, pages or browser code.
const dbOnlyInDataLayer = importRule("lib/db only in lib/<domain> server modules", ({ file, to, program }) => {
  if (!to || !under(to, "lib/db") || under(file, "lib/db")) return null;
  if (isTest(file) || isScript(file) || file === "instrumentation.ts") return null;
  if (/^lib\/[a-z0-9-]+\/([a-z0-9-]+\/)*[a-z0-9-]+\.ts$/.test(file) && importsPackage(program, "server-only")) return null;
  return 'Only server modules under lib/<domain>/ (with import "server-only") talk to the database; call one of those.';
});

const plugin = {
  meta: { name: "casevault" },
  rules: {
    "no-sodium-outside-facade": noSodiumOutsideFacade,
    "crypto-only-in-client": cryptoOnlyInClient,
    "db-only-in-data-layer": dbOnlyInDataLayer,
  },
};

export default plugin;
