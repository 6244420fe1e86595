import { readFileSync } from "node:fs";
import { expect, test } from "./support/test";
import { identityOf, parseOrgKeys } from "../lib/bundles/verify/org-keys.mjs";
import { signedInPage, unlock } from "./support/flows";
import { ownDemoServer } from "./support/demo-server";

// The admin downloads keys.json ("Public keys for a court") from the Users
// page; the court's checker accepts it, its signer's fingerprint is the one
// the page (and the Account page) shows, and a known colleague is in it.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();

test("the admin downloads the organisation's signed public keys", async ({ browser }) => {
  const adminAccount = demo.account("admin");
  const admin = await signedInPage(browser, demo.baseURL, adminAccount);
  await expect(admin).toHaveURL(/\/admin\/users$/);
  await admin.setViewportSize({ width: 1366, height: 768 });

  const section = admin.getByTestId("org-keys");
  await expect(section.getByRole("heading", { name: "Public keys for a court" })).toBeVisible();
  const shown = section.getByTestId("org-keys-fingerprint");
  await expect(shown).toHaveText(/^\d{5}( \d{5}){7}$/);
  const fingerprint = (await shown.textContent())!;
  const button = section.getByRole("button", { name: "Download public keys (keys.json)" });
  await expect(button).toBeEnabled();

  const downloading = admin.waitForEvent("download");
  await button.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("keys.json");
  const bytes = new Uint8Array(readFileSync((await download.path())!));

  const parsed = parseOrgKeys(bytes);
  if (!parsed.ok) throw new Error(`keys.json refused: ${parsed.reason}`);
  expect(parsed.signer.fingerprint).toBe(fingerprint);
  const people = parsed.orgKeys.people;
  expect(people.find((p) => p.userId === parsed.signer.userId)?.verified).toBe("self");
  const aram = people.find((p) => p.displayName === "Aram Caseworker");
  expect(aram, "a known colleague is listed").toBeDefined();
  expect(["first_seen", "compared"]).toContain(aram!.verified);
  expect(identityOf(parsed.orgKeys, { userId: aram!.userId, signPublicKey: aram!.signPublicKey, boxPublicKey: aram!.boxPublicKey }, new Date().toISOString())).toMatchObject({
    ok: true,
    displayName: "Aram Caseworker",
  });

  await expect(section.getByTestId("org-keys-done")).toHaveText(`keys.json holds the public keys of ${people.length} people.`);
  await expect(section.getByTestId("org-keys-left")).toHaveCount(0);

  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: "test-results/screens/org-keys-1366.png" });
  await admin.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  await section.screenshot({ path: "test-results/screens/org-keys-390.png" });
  await admin.setViewportSize({ width: 1366, height: 768 });

  // The same digits as the admin's own Account page.
  await admin.goto(`${demo.baseURL}/account`);
  await unlock(admin, adminAccount.passphrase);
  await expect(admin.getByTestId("fingerprint")).toHaveText(fingerprint);
});
