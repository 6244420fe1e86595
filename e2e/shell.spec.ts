import { expect, test } from "./support/test";

// The shell: both languages, the security headers on every page, the error
// pages. Screenshots go to test-results/ for a person to look at.

test("shows the sign-in page in English with strict security headers", async ({ page }) => {
  const cspViolations: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) cspViolations.push(msg.text());
  });

  const response = await page.goto("/");
  expect(page.url()).toMatch(/\/sign-in$/);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, "CSP carries a nonce").toBeTruthy();
  for (const part of ["'strict-dynamic'", "'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(csp).toContain(part);
  }
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(headers["permissions-policy"]).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);

  // Next.js put the nonce on its scripts, and they ran (the page hydrated:
  // the language switch opens).
  const scriptNonces = await page.locator("script[nonce]").count();
  expect(scriptNonces).toBeGreaterThan(0);
  await page.getByRole("button", { name: /English/ }).click();
  await expect(page.getByRole("option", { name: "Русский" })).toBeVisible();
  await page.keyboard.press("Escape");

  // A fresh nonce per response.
  const again = await page.request.get("/sign-in");
  expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);

  expect(cspViolations).toEqual([]);
  await page.screenshot({ path: "test-results/screens/sign-in-en.png", fullPage: true });
});

test("switches to Russian with the keyboard and remembers it", async ({ page }) => {
  await page.goto("/sign-in");
  const switcher = page.getByRole("button", { name: /English/ });
  const russian = page.getByRole("option", { name: "Русский" });
  // Keys pressed before React hydrates do nothing; retry opening until it listens.
  await expect(async () => {
    await switcher.focus();
    await page.keyboard.press("Space");
    await expect(russian).toBeVisible({ timeout: 500 });
  }).toPass();
  await page.keyboard.press("ArrowDown");
  await expect(russian).toHaveAttribute("data-focus", "");
  await page.keyboard.press("Enter");

  await expect(page.getByRole("heading", { name: "Вход" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByText("Язык")).toBeVisible();

  await page.reload();
  await expect(page.getByRole("heading", { name: "Вход" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/sign-in-ru.png", fullPage: true });
});

test("answers an unknown page with a 404 page in the chosen language", async ({ page, context }) => {
  const response = await page.goto("/no-such-page/anywhere");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/not-found-en.png", fullPage: true });

  await context.addCookies([{ name: "casevault-locale", value: "ru", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Страница не найдена" })).toBeVisible();
});

test("reports health once the database is migrated", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
  expect(response.headers()["cache-control"]).toContain("no-store");
});
