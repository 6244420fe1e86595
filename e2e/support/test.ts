import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type BrowserContext } from "@playwright/test";

// Specs import `test` from here. Every spec runs in one browser (one worker),
// so a page a spec opened and did not close stayed open, and kept polling its
// server, until the end of the whole run. Here each context is owned by the
// file that opened it and closed when the next file's tests start.

const ownerFile = new WeakMap<BrowserContext, string>();

export const test = base.extend<{ closeOtherFilesPages: void; describeOpenPagesOnFailure: void }>({
  closeOtherFilesPages: [
    async ({ browser }, use, testInfo) => {
      for (const context of browser.contexts()) {
        const owner = ownerFile.get(context);
        if (owner === undefined) ownerFile.set(context, testInfo.file);
        else if (owner !== testInfo.file) await context.close().catch(() => undefined);
      }
      await use();
      for (const context of browser.contexts()) if (!ownerFile.has(context)) ownerFile.set(context, testInfo.file);
    },
    { auto: true },
  ],
  // A test that fails on CI leaves only the runner's output behind: print
  // what every open page showed (URL and visible text, test data only), so a
  // failure that does not happen here can still be read there.
  describeOpenPagesOnFailure: [
    async ({ browser }, use, testInfo) => {
      const started = Date.now();
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      const shown: string[] = [];
      for (const context of browser.contexts()) {
        for (const page of context.pages()) {
          const text = await page.evaluate(() => document.body?.innerText ?? "").catch((error: unknown) => `(unreadable: ${String(error)})`);
          shown.push(`${page.url()}\n${text.replace(/\n{2,}/g, "\n").slice(0, 2_000)}`);
        }
      }
      // A text attachment is printed in the failure summary at the end of the run.
      if (shown.length > 0) await testInfo.attach("open pages", { body: shown.join("\n---\n"), contentType: "text/plain" });
      // Some file systems keep modification times to the second, or coarser.
      const logs = serverLogsWrittenSince(testInfo.outputDir, started - 5_000);
      if (logs.length > 0) await testInfo.attach("app servers' last words", { body: logs.join("\n---\n"), contentType: "text/plain" });
    },
    { auto: true },
  ],
});

/** The last lines of the private servers' logs (e2e/support/server.ts) written during the test. */
function serverLogsWrittenSince(outputDir: string, since: number): string[] {
  const dir = path.resolve(outputDir, "..");
  const names = (() => {
    try {
      return readdirSync(dir).filter((name) => /^server-\d+\.log$/.test(name));
    } catch {
      return [];
    }
  })();
  return names
    .filter((name) => statSync(path.join(dir, name)).mtimeMs >= since)
    .map((name) => `${name}:\n${readFileSync(path.join(dir, name), "utf8").split("\n").slice(-30).join("\n")}`);
}

export { expect };
