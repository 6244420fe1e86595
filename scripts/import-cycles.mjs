#!/usr/bin/env node
// `npm run lint` runs this: the project's modules must not import each other
// in a circle (type-only imports count too: a cycle of types still means two
// modules that cannot be understood, moved or tested one without the other).
// It reads the import statements of every .ts/.tsx/.mjs file outside
// node_modules, build output and Prisma's generated client, resolves the
// project's own specifiers (relative and "@/…"), and reports each set of
// modules that reach each other (strongly connected components, Tarjan).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SKIP = new Set(["node_modules", ".next", ".git", "test-results", "playwright-report", "generated", "public"]);
const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", "/index.ts", "/index.tsx"];
// Static `import … from`, `export … from` (multi-line too), side-effect imports and dynamic import().
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'";]*?\bfrom\s*["']([^"']+)["']/gm,
  /^\s*import\s*["']([^"']+)["']/gm,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
];

function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".d.mts")) files.push(full);
    }
  };
  walk(root);
  return files;
}

function resolver(root, known) {
  return (from, specifier) => {
    let base;
    if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
    else if (specifier.startsWith(".")) base = path.join(path.dirname(from), specifier);
    else return null;
    for (const extension of EXTENSIONS) if (known.has(base + extension)) return base + extension;
    return null;
  };
}

/** Every import cycle under `root`, each as the list of its modules (paths relative to root). */
export function findImportCycles(root) {
  const files = sourceFiles(root);
  const resolve = resolver(root, new Set(files));
  const graph = new Map();
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const targets = new Set();
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const target = resolve(file, match[1]);
        if (target && target !== file) targets.add(target);
      }
    }
    graph.set(file, [...targets]);
  }

  // Tarjan's strongly connected components, iterative (deep import chains must not overflow the stack).
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, next] = frame;
      const edges = graph.get(node);
      if (next < edges.length) {
        frame[1]++;
        const target = edges[next];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push([target, 0]);
        } else if (onStack.has(target)) {
          low.set(node, Math.min(low.get(node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(path.relative(root, member));
        } while (member !== node);
        if (component.length > 1) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const cycles = findImportCycles(root);
  for (const cycle of cycles) console.error(`import cycle: ${cycle.join(" → ")}`);
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle(s): move what the modules share into a module of its own.`);
    process.exit(1);
  }
  console.log("import cycles: none");
}
