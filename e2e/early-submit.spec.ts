import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { nextCode } from "./support/totp";
import type { SeededAccount } from "./support/seed";
import { ownDemoServer } from "./support/demo-server";
import { fillSignIn } from "./support/flows";

// Forms that carry a secret cannot leak it when Enter is pressed before the
// page's scripts have loaded: nothing is sent at all (the submit control is
// disabled until hydration), and a browser that submitted anyway would POST
// to a route that reads no body. The passphrase never leaves the browser,
// before or after the scripts run (only the derived authKey does).

test.describe.configure({ mode: "serial", timeout: 240_000 });

const PORT = 4131;
const demo = ownDemoServer({ port: PORT });
let account: SeededAccount;
test.beforeAll(() => {
  account = demo.account("coordinator");
});

type Sent = { url: string; body: string };

/** Every request the page makes, with its body. */
function recordRequests(page: Page): Sent[] {
  const sent: Sent[] = [];
  page.on("request", (request) => sent.push({ url: request.url(), body: request.postDataBuffer()?.toString("utf8") ?? "" }));
  return sent;
}

/** Holds every script under /_next/static/ until `release` is called (styles pass, so the page renders). */
async function holdScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/**", async (route) => {
    if (route.request().resourceType() === "script") await released;
    await route.continue().catch(() => {}); // the page may have moved on meanwhile
  });
  return release;
}

function leaks(sent: Sent[], secrets: string[]): Sent[] {
  const forms = (s: string) => [s, encodeURIComponent(s), encodeURIComponent(s).replace(/%20/g, "+")];
  return sent.filter(({ url, body }) => secrets.some((secret) => forms(secret).some((f) => url.includes(f) || body.includes(f))));
}

test("sign-in: Enter before the scripts load sends nothing; once they load the same form signs in", async ({ page }) => {
  const sent = recordRequests(page);
  const release = await holdScripts(page);
  await page.goto(`${demo.baseURL}/sign-in`, { waitUntil: "commit" });

  const submit = page.getByRole("button", { name: "Sign in" });
  await expect(submit).toBeDisabled();
  const code = await nextCode(account.secret);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Authenticator code").fill(code);
  await page.getByLabel("Passphrase").fill(account.passphrase);
  const before = sent.length;
  await page.getByLabel("Passphrase").press("Enter");
  await page.getByLabel("Authenticator code").press("Enter");
  await page.waitForTimeout(1_500);

  expect(sent.slice(before), "no request at all after Enter").toEqual([]);
  expect(leaks(sent, [account.passphrase, account.email, code])).toEqual([]);
  expect(new URL(page.url()).search).toBe("");

  release();
  await expect(submit).toBeEnabled({ timeout: 90_000 });
  // What was typed before the scripts ran is what the form submits.
  await expect(page.getByLabel("Passphrase")).toHaveValue(account.passphrase);
  await page.getByLabel("Authenticator code").press("Enter");
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 90_000 });
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(leaks(sent, [account.passphrase]), "the passphrase never leaves the browser").toEqual([]);
});

test("second layer: a browser that submits anyway (guard removed) POSTs to the fallback, the URL carries nothing, and it lands back on the form", async ({ page }) => {
  const sent = recordRequests(page);
  const release = await holdScripts(page);
  await page.goto(`${demo.baseURL}/sign-in`, { waitUntil: "commit" });
  await expect(page.getByRole("button", { name: "Sign in" })).toBeDisabled();
  // What a browser ignoring the disabled default button would do.
  await page.evaluate(() => document.querySelectorAll("form button[disabled]").forEach((b) => b.removeAttribute("disabled")));
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Passphrase").fill(account.passphrase);
  await page.getByLabel("Passphrase").press("Enter");
  await page.waitForURL(`${demo.baseURL}/sign-in`, { waitUntil: "commit" });
  await page.waitForTimeout(1_000);
  release();

  const posted = sent.filter((r) => r.url.includes("/api/form-fallback"));
  expect(posted).toHaveLength(1);
  expect(new URL(posted[0]!.url).search).toBe("?back=%2Fsign-in");
  // Only in a POST body, which the fallback never reads; in no URL.
  expect(sent.filter((r) => r.url.includes(encodeURIComponent(account.passphrase)) || r.url.includes(account.passphrase))).toEqual([]);
  expect(new URL(page.url()).search).toBe("");
});

/** A full sign-in with the page's scripts running, as anyone would. */
async function signInWithScripts(page: Page): Promise<void> {
  await page.goto(`${demo.baseURL}/sign-in`);
  await fillSignIn(page, account, await nextCode(account.secret));
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible({ timeout: 90_000 });
}

test("unlock: Enter before the scripts load sends nothing; once they load the same screen unlocks", async ({ page }) => {
  const sent = recordRequests(page);
  await signInWithScripts(page);

  const release = await holdScripts(page);
  await page.goto(`${demo.baseURL}/account`, { waitUntil: "commit" });
  await expect(page.getByRole("heading", { name: "Unlock" })).toBeVisible();
  const field = page.getByRole("textbox", { name: "Passphrase", exact: true });
  await expect(page.getByRole("button", { name: "Unlock" })).toBeDisabled();
  await field.fill(account.passphrase);
  const before = sent.length;
  await field.press("Enter");
  await page.waitForTimeout(1_500);

  expect(sent.slice(before), "no request at all after Enter").toEqual([]);
  expect(new URL(page.url()).pathname).toBe("/account");
  expect(new URL(page.url()).search).toBe("");

  release();
  await expect(page.getByRole("button", { name: "Unlock" })).toBeEnabled({ timeout: 90_000 });
  await field.press("Enter");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible({ timeout: 90_000 });
  expect(leaks(sent, [account.passphrase]), "the passphrase never leaves the browser").toEqual([]);
});

test("every secret form is served as a POST to the fallback with its submit disabled", async ({ page }) => {
  /** The server's HTML, before any script runs: each form with a password field. */
  async function secretFormsOf(pathname: string): Promise<string[]> {
    const response = await page.request.get(`${demo.baseURL}${pathname}`, { maxRedirects: 0 });
    expect(response.status(), pathname).toBe(200);
    const html = await response.text();
    return [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]).filter((f) => f.includes('type="password"'));
  }
  function expectSafe(pathname: string, forms: string[], count: number) {
    expect(forms, pathname).toHaveLength(count);
    for (const form of forms) {
      const open = form.slice(0, form.indexOf(">") + 1);
      expect(open, pathname).toContain('method="post"');
      expect(open, pathname).toContain(`action="/api/form-fallback?back=${encodeURIComponent(pathname)}"`);
      // The hidden default button and the visible one: both disabled until hydration.
      const submits = [...form.matchAll(/<button\b[^>]*type="submit"[^>]*>/g)].map((m) => m[0]);
      expect(submits.length, pathname).toBeGreaterThanOrEqual(2);
      for (const button of submits) expect(button, pathname).toMatch(/\sdisabled(=""|\s|>)/);
    }
  }

  expectSafe("/sign-in", await secretFormsOf("/sign-in"), 1);
  await signInWithScripts(page);
  // Signed in: the unlock screen and, behind it, the passphrase change.
  expectSafe("/account", await secretFormsOf("/account"), 2);
});

test("the fallback route answers 303 back to a local path, never elsewhere, and does not log the body", async ({ request }) => {
  const form = { email: account.email, passphrase: "fallback-marker-passphrase-4131", totp: "123456" };
  const back = await request.post(`${demo.baseURL}/api/form-fallback?back=%2Fsign-in`, { form, maxRedirects: 0 });
  expect(back.status()).toBe(303);
  expect(back.headers()["location"]).toBe("/sign-in");
  for (const evil of ["//evil.test/x", "https://evil.test/", "/\\evil.test"]) {
    const answer = await request.post(`${demo.baseURL}/api/form-fallback?back=${encodeURIComponent(evil)}`, { form, maxRedirects: 0 });
    expect(answer.status()).toBe(303);
    expect(answer.headers()["location"]).toBe("/");
  }
  expect((await request.get(`${demo.baseURL}/api/form-fallback?back=%2F`, { maxRedirects: 0 })).status()).toBe(405);
  const log = fs.readFileSync(path.join("test-results", `server-${PORT}.log`), "utf8");
  expect(log).not.toContain(form.passphrase);
});
