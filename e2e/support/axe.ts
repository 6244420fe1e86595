import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import type { AxeResults, ImpactValue, RunOptions } from "axe-core";

// axe-core (WCAG 2.2 A/AA) in the page, injected as @axe-core/playwright does
// it: evaluated through the debugging protocol, so the page's CSP (which
// refuses inline and eval'd script) does not stop it.

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

export type AxeFinding = { id: string; impact: ImpactValue | null; help: string; targets: string[] };

/** Every violation on the elements `selector` matches (the whole document by default). */
export async function axeFindings(page: Page, selector = "html"): Promise<AxeFinding[]> {
  await page.evaluate(axeSource);
  return page.evaluate(
    async ({ include, values }) => {
      const { axe } = window as unknown as { axe: { run: (context: string, options: RunOptions) => Promise<AxeResults> } };
      const result = await axe.run(include, { runOnly: { type: "tag", values } });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
    },
    { include: selector, values: tags },
  );
}

export const describeFinding = (f: AxeFinding) => `${f.id} (${f.impact ?? "?"}): ${f.help} — ${f.targets.join(", ")}`;

/** The violations as lines, for `expect(...).toEqual([])`: the message names each rule and element. */
export async function axeViolations(page: Page, selector = "html"): Promise<string[]> {
  return (await axeFindings(page, selector)).map(describeFinding);
}
