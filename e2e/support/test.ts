import { test as base, expect, type BrowserContext } from "@playwright/test";

// Specs import `test` from here. Every spec runs in one browser (one worker),
// so a page a spec opened and did not close stayed open, and kept polling its
// server, until the end of the whole run. Here each context is owned by the
// file that opened it and closed when the next file's tests start.

const ownerFile = new WeakMap<BrowserContext, string>();

export const test = base.extend<{ closeOtherFilesPages: void }>({
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
});

export { expect };
