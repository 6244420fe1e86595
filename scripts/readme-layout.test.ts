import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// README's Layout section is the newcomer's map: every folder of lib/ and
// every top-level folder of the repository is named there, and nothing named
// there is missing from the tree.

const root = path.resolve(__dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const layout = /## Layout\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
const named = new Set([...layout.matchAll(/^([a-z0-9_-]+(?:\/[a-z0-9_-]+)?)\/\s/gm)].map((m) => m[1] ?? ""));

// Folders as the repository holds them (build output and data are not in it).
const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n");
const folders = (dir: string) => {
  const prefix = dir === "." ? "" : `${dir}/`;
  const below = tracked.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  return [...new Set(below.filter((f) => f.includes("/") && !f.startsWith(".")).map((f) => f.split("/")[0]))];
};
// lib/ itself is named by its folders, one line each.
const namedTopLevel = new Set([...named].map((d) => d.split("/")[0]));

describe("README layout", () => {
  it("is found", () => expect(named.size).toBeGreaterThan(10));

  it("names every folder of lib/", () => {
    expect(folders("lib").map((d) => `lib/${d}`).filter((d) => !named.has(d))).toEqual([]);
  });

  it("names every top-level folder of the repository", () => {
    expect(folders(".").filter((d) => !namedTopLevel.has(d))).toEqual([]);
  });

  it("names no folder that is not there", () => {
    const missing = [...named].filter((d) => !d.includes("<") && !folders(path.dirname(d) === "." ? "." : path.dirname(d)).includes(path.basename(d)));
    expect(missing).toEqual([]);
  });
});
