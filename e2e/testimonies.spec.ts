import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { dumpDatabase, markerForms } from "./support/db-dump";
import { pdfPages } from "./support/pdf-text";
import { withSql } from "./support/db-sql";
import { unlock } from "./support/flows";
import { ownDemoServer } from "./support/demo-server";

// A caseworker records a testimony on the demo case (two incidents, a 200 KB
// narrative in Cyrillic, consent for legal proceedings), saves a second
// version and compares the two; the lawyer on the team reads it with its
// signature verified; the admin (not on the team) gets a 404. A draft
// survives the browser being killed mid-typing. Nothing typed is in the
// database dump; a version whose signature is altered is shown as broken.

test.describe.configure({ mode: "serial", timeout: 240_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();
let caseUrl = "";
let testimonyUrl = "";
/** A marker typed into every free-text field of one testimony (filled by the test that records it). */
const everyField: string[] = [];

const run = `${Date.now()}`;
const marker = (field: string) => `CANARY-${field}-${run}`;
const typed = {
  place: `Офис партнёров ${marker("place")}`,
  interpreter: `Лилит ${marker("interpreter")}`,
  informant: `Арман Сафаров ${marker("informant")}`,
  circumstances: `Задержан у дома ${marker("circumstances")}`,
  location1: `Подвал отдела ${marker("location1")}`,
  methods1: `Удары дубинкой ${marker("methods1")}`,
  location2: `Кабинет следователя ${marker("location2")}`,
  methods2: `Угрозы семье ${marker("methods2")}`,
  witnessedBy: `Арам ${marker("witness")}`,
  medical: `Перелом двух пальцев ${marker("medical")}`,
  draft: `Черновик после сбоя ${marker("draft")}`,
};
// About 200 KB of Cyrillic (each letter is two bytes in UTF-8), with a marker in the middle.
const narrativeLine = "Меня задержали ночью, отвезли в отдел и держали там три дня без еды и воды. ";
const narrative = `${narrativeLine.repeat(750)}${marker("narrative")} ${narrativeLine.repeat(750)}`;

const signedInPage = (browser: Browser, role: string) => demo.signedInPage(browser, role);

/** From the start page to the demo case, by in-app navigation (keys stay in memory). */
async function openDemoCase(page: Page) {
  await page.getByRole("link", { name: "Cases", exact: true }).click();
  await page.getByRole("link", { name: "Арман Сафаров" }).click();
  await expect(page.getByRole("heading", { name: "Арман Сафаров" })).toBeVisible({ timeout: 20_000 });
  caseUrl = page.url();
}

test("a caseworker records a testimony with two incidents, a 200 KB narrative and consent; saves a second version and compares them", async ({ browser }) => {
  expect(new TextEncoder().encode(narrative).length).toBeGreaterThan(200_000);
  const caseworker = await signedInPage(browser, "caseworker");
  await openDemoCase(caseworker);
  await caseworker.getByRole("tab", { name: "Testimonies" }).click();
  // The seeded testimony: two versions, consent for legal proceedings.
  const seededRow = caseworker.getByTestId("testimony-row");
  await expect(seededRow).toHaveCount(1);
  await expect(seededRow).toContainText("v2");
  await expect(seededRow).toContainText("Use in legal proceedings: Given");
  await caseworker.screenshot({ path: "test-results/screens/testimonies-tab.png", fullPage: true });

  await caseworker.getByRole("button", { name: "Record a testimony" }).click();
  await expect(caseworker.getByRole("heading", { name: "New testimony" })).toBeVisible({ timeout: 20_000 });
  const interview = caseworker.getByRole("group", { name: "Interview" });
  await interview.getByLabel("Place of the interview").fill(typed.place);
  await interview.getByLabel("Interpreter's name").fill(typed.interpreter);
  await caseworker.getByLabel("Informant's name").fill(typed.informant);
  await caseworker.getByLabel("How they came into custody or contact").fill(typed.circumstances);
  for (const [n, location, methods] of [
    [1, typed.location1, typed.methods1],
    [2, typed.location2, typed.methods2],
  ] as const) {
    await caseworker.getByRole("button", { name: "Add incident" }).click();
    const incident = caseworker.getByRole("group", { name: `Incident ${n}` });
    await incident.getByLabel("Location").first().fill(location);
    await incident.getByLabel("Methods of ill-treatment").fill(methods);
  }
  await caseworker.getByLabel("Account in the person's own words").fill(narrative);
  await caseworker.getByRole("button", { name: "Add consent entry" }).click();
  const consent = caseworker.getByRole("group", { name: "Consent entry 1" });
  await consent.getByLabel("Purpose").selectOption("legal_proceedings");
  await consent.getByLabel("How consent was expressed").selectOption("written");
  await consent.getByLabel("Witnessed by").fill(typed.witnessedBy);
  await expect(caseworker.getByTestId("draft-status")).toBeVisible({ timeout: 15_000 });
  await caseworker.screenshot({ path: "test-results/screens/testimony-form.png", fullPage: true });
  await caseworker.getByRole("button", { name: "Save and sign version 1" }).click();

  await expect(caseworker.getByText("Saved and signed as version 1.")).toBeVisible({ timeout: 30_000 });
  testimonyUrl = caseworker.url().replace(/\?.*$/, "");
  await expect(caseworker.getByText(typed.methods2)).toBeVisible();
  await expect(caseworker.getByText(marker("narrative"), { exact: false })).toBeVisible();
  await caseworker.screenshot({ path: "test-results/screens/testimony-read.png", fullPage: true });

  // A second version: what the medical expert found.
  await caseworker.getByRole("link", { name: "Edit (new version)" }).click();
  await caseworker.getByLabel("Medical care received").fill(typed.medical);
  await caseworker.getByRole("button", { name: "Save and sign version 2" }).click();
  await expect(caseworker.getByText("Saved and signed as version 2.")).toBeVisible({ timeout: 30_000 });
  await expect(caseworker.getByText(typed.medical)).toBeVisible();

  await caseworker.getByRole("checkbox", { name: "Pick version 1 for comparison" }).check();
  await caseworker.getByRole("checkbox", { name: "Pick version 2 for comparison" }).check();
  await caseworker.getByRole("button", { name: "Compare v1 → v2" }).click();
  const diff = caseworker.getByRole("region", { name: "Changes from version 1 to version 2" }).first();
  await expect(diff.getByText(typed.medical)).toBeVisible();
  await caseworker.screenshot({ path: "test-results/screens/testimony-diff.png", fullPage: true });
});

test("the lawyer on the team reads it, signature verified; the admin, not on the team, gets a 404", async ({ browser }) => {
  const lawyer = await signedInPage(browser, "lawyer");
  await lawyer.goto(testimonyUrl);
  await unlock(lawyer, demo.account("lawyer").passphrase);
  await expect(lawyer.getByText(typed.methods1)).toBeVisible({ timeout: 20_000 });
  await expect(lawyer.getByText(/Signature verified/i).first()).toBeVisible();
  // The print view, as the browser's "Save as PDF" makes it: the whole statement over many pages.
  await lawyer.getByRole("button", { name: "Print / PDF" }).click();
  await expect(lawyer.getByRole("button", { name: "Print / save as PDF" })).toBeVisible();
  await lawyer.screenshot({ path: "test-results/screens/testimony-print.png" });
  await lawyer.emulateMedia({ media: "print" });
  const pdf = await lawyer.pdf({ format: "A4", preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  // What a reader of the PDF sees: on every page the reference and version at the top, the
  // signer and the key's fingerprint and "page / pages" at the bottom, and none of the app around it.
  const pages = pdfPages(pdf);
  expect(pages.length).toBeGreaterThan(20);
  for (const [index, page] of pages.entries()) {
    expect(page).toMatch(/CV-[0-9A-Z]{4}-[0-9A-Z]{4} · v\d+/);
    expect(page).toMatch(/· signature \d{5}( \d{5}){7}/);
    expect(page).toContain(`${index + 1} / ${pages.length}`);
    for (const chrome of ["Quick exit", "Dashboard", "Print / save as PDF"]) expect(page).not.toContain(chrome);
  }
  expect(pages.join("\n")).toContain(typed.methods1);
  await lawyer.emulateMedia({ media: "screen" });

  const admin = await signedInPage(browser, "admin");
  expect((await admin.goto(testimonyUrl))?.status()).toBe(404);
  expect((await admin.goto(`${testimonyUrl}/edit`))?.status()).toBe(404);
});

test("a draft survives the browser being killed mid-typing", async ({ browser }) => {
  const first = await signedInPage(browser, "caseworker");
  await openDemoCase(first);
  await first.getByRole("tab", { name: "Testimonies" }).click();
  await first.getByRole("button", { name: "Record a testimony" }).click();
  await first.getByLabel("Account in the person's own words").fill(typed.draft);
  await expect(first.getByTestId("draft-status")).toBeVisible({ timeout: 15_000 });
  // Killed: no unload handler, no goodbye.
  await first.context().close();

  const again = await signedInPage(browser, "caseworker");
  await openDemoCase(again);
  await again.getByRole("tab", { name: "Testimonies" }).click();
  await again.getByRole("link", { name: "Resume" }).click();
  await expect(again.getByText(/Your unsaved draft from .* was restored/)).toBeVisible({ timeout: 20_000 });
  await expect(again.getByLabel("Account in the person's own words")).toHaveValue(typed.draft);
  await again.screenshot({ path: "test-results/screens/testimony-draft-restored.png", fullPage: true });
});

test("a testimony with a marker in every field saves and reads back", async ({ browser }) => {
  const caseworker = await signedInPage(browser, "caseworker");
  await openDemoCase(caseworker);
  await caseworker.getByRole("tab", { name: "Testimonies" }).click();
  await caseworker.getByRole("button", { name: "Record a testimony" }).click();
  await expect(caseworker.getByRole("heading", { name: "New testimony" })).toBeVisible({ timeout: 20_000 });
  // One of every list item, so every field exists once.
  for (const name of ["Add person present", "Add place of detention", "Add incident", "Add perpetrator to incident 1", "Add witness", "Add other person affected", "Add link to evidence", "Add consent entry"]) {
    await caseworker.getByRole("button", { name }).click();
  }
  const consent = caseworker.getByRole("group", { name: "Consent entry 1" });
  await consent.getByLabel("Purpose").selectOption("third_party_sharing");
  await consent.getByLabel("How consent was expressed").selectOption("oral");
  await caseworker.getByRole("button", { name: "Add recipient to consent entry 1" }).click();
  const form = caseworker.locator("form");
  const fields = form.locator("input[type=text], input:not([type]), textarea");
  const count = await fields.count();
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    const name = (await field.getAttribute("name")) ?? "";
    // Dates have a format of their own; an evidence link is an evidence item's id.
    if (/(^|\.)(date|from|to|dateFrom|dateTo)$/.test(name)) continue;
    if (name.endsWith("evidenceId")) {
      await field.fill("7d0e3c1a-5b2f-4c8e-9a6d-1f2e3d4c5b6a");
      continue;
    }
    const value = `${name} Ж ${marker(`f${i}`)}`;
    await field.fill(value);
    everyField.push(value);
  }
  expect(everyField.length).toBeGreaterThan(50);
  await caseworker.getByRole("button", { name: "Save and sign version 1" }).click();
  await expect(caseworker.getByText("Saved and signed as version 1.")).toBeVisible({ timeout: 30_000 });
  await expect(caseworker.getByText(everyField.find((v) => v.startsWith("narrative "))!)).toBeVisible();
});

test("canary: nothing typed into the testimony is anywhere in the database", async () => {
  await demo.stop();
  const dump = await dumpDatabase(demo.database);
  expect(dump).toContain(caseUrl.split("/").pop()!);
  const values = [...Object.values(typed), marker("narrative"), ...everyField];
  const leaked = values.filter((value) => markerForms(value).some((form) => dump.includes(form)));
  expect(leaked).toEqual([]);
  expect(dump).not.toContain("CANARY-");
});

test("tamper: a version whose signature was altered in the database is flagged and its text not shown as trusted", async ({ browser }) => {
  const testimonyId = testimonyUrl.split("/").pop()!;
  await demo.restart((database) =>
    withSql(database, (query) =>
      query(`UPDATE "TestimonyVersion" SET signature = set_byte(signature, 5, get_byte(signature, 5) # 1) WHERE "testimonyId" = $1 AND version = 2`, [testimonyId]),
    ),
  );
  const lawyer = await signedInPage(browser, "lawyer");
  // The server is back on its port: the URLs the browsers saw still lead to it.
  await lawyer.goto(testimonyUrl);
  await unlock(lawyer, demo.account("lawyer").passphrase);
  await expect(lawyer.getByRole("alert").filter({ hasText: "Signature check failed" })).toBeVisible({ timeout: 20_000 });
  await expect(lawyer.getByText(typed.medical)).toHaveCount(0);
  await lawyer.screenshot({ path: "test-results/screens/testimony-tampered.png", fullPage: true });
  // The earlier version still verifies.
  await lawyer.getByRole("listitem").filter({ hasText: "v1" }).getByRole("button", { name: "View" }).click();
  await expect(lawyer.getByText(typed.methods1)).toBeVisible();
});

test("rollback: with the newest version deleted in the database, a reader who had seen it gets a rollback alert and no text shown as current", async ({ browser }) => {
  const testimonyId = testimonyUrl.split("/").pop()!;
  // The lawyer has seen version 2 (their browser keeps a sealed high-water mark of it).
  const before = await signedInPage(browser, "lawyer");
  await before.goto(testimonyUrl);
  await unlock(before, demo.account("lawyer").passphrase);
  await expect(before.getByText("v2").first()).toBeVisible({ timeout: 20_000 });
  await before.waitForLoadState("networkidle");
  await before.context().close();

  await demo.restart((database) =>
    withSql(database, async (query) => {
      const marks = await query(`SELECT t.version FROM "TrustDocument" t JOIN "User" u ON u.id = t."userId" WHERE u.email = $1 AND t.kind = 'marks'`, [demo.account("lawyer").email]);
      expect(marks, "the lawyer's marks are stored, as ciphertext").toHaveLength(1);
      await query(`DELETE FROM "TestimonyVersion" WHERE "testimonyId" = $1 AND version = 2`, [testimonyId]);
      await query(`DELETE FROM "CaseRecord" WHERE type = 'testimony' AND id = $1 AND version = 2`, [testimonyId]);
    }),
  );
  const lawyer = await signedInPage(browser, "lawyer");
  await lawyer.goto(testimonyUrl);
  await unlock(lawyer, demo.account("lawyer").passphrase);
  await expect(lawyer.getByRole("alert").filter({ hasText: "this is not the latest version" })).toBeVisible({ timeout: 20_000 });
  await expect(lawyer.getByText(typed.methods1)).toHaveCount(0);
  await expect(lawyer.getByText("Signature verified")).toHaveCount(0);
  await lawyer.screenshot({ path: "test-results/screens/testimony-rolled-back.png", fullPage: true });
});
