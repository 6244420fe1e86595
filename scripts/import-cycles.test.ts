import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findImportCycles } from "./import-cycles.mjs";

const roots: string[] = [];
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cycles-"));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe("findImportCycles", () => {
  it("finds a cycle through relative, alias, type-only, multi-line and dynamic imports", () => {
    const root = tree({
      "lib/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
      "lib/b.ts": 'import type {\n  C,\n} from "@/app/c";\nexport const b = 1 as unknown as C;\n',
      "app/c.tsx": 'export type C = number;\nexport const load = () => import("../lib/a");\n',
      "lib/d.ts": 'import { a } from "./a";\nexport const d = a;\n',
    });
    expect(findImportCycles(root)).toEqual([["app/c.tsx", "lib/a.ts", "lib/b.ts"]]);
  });

  it("reports none for a tree that only imports downwards, and ignores packages and generated code", () => {
    const root = tree({
      "lib/a.ts": 'import "server-only";\nimport { b } from "./b";\nimport { z } from "zod";\nexport const a = [b, z];\n',
      "lib/b.ts": 'export const b = 1;\n',
      "lib/db/generated/x.ts": 'import { y } from "./y";\nexport const x = y;\n',
      "lib/db/generated/y.ts": 'import { x } from "./x";\nexport const y = x;\n',
    });
    expect(findImportCycles(root)).toEqual([]);
  });

  it("finds two separate cycles, including one of a file's own index module", () => {
    const root = tree({
      "lib/p/index.ts": 'export { q } from "./q";\n',
      "lib/p/q.ts": 'import "../p";\nexport const q = 1;\n',
      "lib/r.mjs": 'import { s } from "./s.mjs";\nexport const r = s;\n',
      "lib/s.mjs": 'export * from "./r.mjs";\nexport const s = 2;\n',
    });
    expect(findImportCycles(root)).toEqual(expect.arrayContaining([["lib/p/index.ts", "lib/p/q.ts"], ["lib/r.mjs", "lib/s.mjs"]]));
    expect(findImportCycles(root)).toHaveLength(2);
  });

  it("holds for this project", () => {
    expect(findImportCycles(path.resolve(__dirname, ".."))).toEqual([]);
  });
});
