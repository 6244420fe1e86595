import type { Page } from "@playwright/test";
import { ownDemoServer } from "./support/demo-server";
import { expect, test } from "./support/test";
import { widths } from "./support/widths";

// Visual checks that look (issue 14 point 10): the pages whose pixels do not
// depend on data — sign-in, an invalid invitation, the 404 page — at 1366 and
// 390 px, in English and Russian, compared with the committed baselines in
// layout.spec.ts-snapshots/. A broken layout (a stylesheet refused, a header
// that no longer collapses, a form wider than a phone) fails here. Baselines
// change only on purpose: `npm run test:e2e -- e2e/layout.spec.ts --update-snapshots`,
// then look at the new images before committing them.
// The signed-in pages (dashboard, cases, case tabs, users, audit log): layout-signed-in.spec.ts.

// A server of the spec's own, on a copy of the demo organisation: what the
// sign-in page shows depends on whether an organisation exists.
test.use({ baseURL: undefined });
const demo = ownDemoServer();

const pages = [
  ["sign-in", "/sign-in"],
  ["invalid-invitation", "/invite#token=not-a-real-token"],
  ["not-found", "/no-such-page"],
] as const;

async function settled(page: Page): Promise<void> {
  await expect(page.locator("h1").first()).toBeVisible();
  // Web fonts and the stylesheet are in before the comparison.
  await page.evaluate(() => document.fonts.ready);
}

for (const locale of ["en", "ru"] as const) {
  test(`public pages look as they should (${locale})`, async ({ page, context }) => {
    await context.addCookies([{ name: "casevault-locale", value: locale, url: demo.baseURL }]);
    for (const [name, path] of pages) {
      for (const [width, height] of widths) {
        await page.setViewportSize({ width, height });
        await page.goto(`${demo.baseURL}${path}`);
        await settled(page);
        await expect(page).toHaveScreenshot(`${name}-${locale}-${width}.png`, { fullPage: true, maxDiffPixelRatio: 0.01, animations: "disabled", caret: "hide" });
      }
    }
  });
}
