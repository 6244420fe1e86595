import type { Browser, Page, Request } from "@playwright/test";
import { expect, test } from "./support/test";
import { dumpDatabase, markerForms } from "./support/db-dump";
import { withSql } from "./support/db-sql";
import { acceptInvitation, openTab, signedInPage as signedInPageAt, unlock, type Account } from "./support/flows";
import { scanQr } from "./support/qr";
import { runScript } from "./support/seed";
import { ownDemoServer } from "./support/demo-server";

// A coordinator opens a case for a person at risk, forms a team, moves the
// case through its workflow and removes a member; an outsider sees nothing.
// Then the database is dumped (no marker may appear) and tampered with
// (a moved ciphertext is "damaged"; an edited audit row breaks the chain).

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined });

const demo = ownDemoServer();
/** Seeded people who were reset during the spec, as they are now. */
const renewedAccounts: Record<string, Account> = {};
let outsider: Account;
let caseUrl = "";
const caseActions: { url: string; headers: Record<string, string>; body: string }[] = [];
/** The case's reads (GET /api/cases/<caseId>/…) the team's browsers made: replayed as the outsider too. */
const caseReads = new Set<string>();

const run = `${Date.now()}`;
const marker = (field: string) => `CANARY-${field}-${run}`;
const profile = {
  fullName: `Тимур Каримов Timur Karimov ${marker("fullname")}`,
  alias1: `Тима ${marker("alias1")}`,
  alias2: `T. Karimoff ${marker("alias2")}`,
  dateOfBirth: "1903-07-29",
  nationalities: marker("nationality"),
  languages: `русский ${marker("languages")}`,
  currentLocation: marker("location"),
  safeContact: marker("safecontact"),
  contactName: `Мать ${marker("contactname")}`,
  contactRelation: marker("relation"),
  contactDetails: marker("contactdetails"),
  riskReason: marker("riskreason"),
  vulnerabilities: marker("vulnerabilities"),
  notes: `Заметки ${marker("notes")}`,
};
const holdReason = `Клиент в больнице ${marker("holdreason")}`;
const editedNotes = `Обновлено ${marker("notes2")}`;

const account = (role: string): Account => ({ ...demo.account(role), ...renewedAccounts[role] });

const signedInPage = (browser: Browser, who: Account) => signedInPageAt(browser, demo.baseURL, who);

function captureCaseActions(page: Page) {
  page.on("request", (request: Request) => {
    const headers = request.headers();
    const body = request.postData();
    if (headers["next-action"] && body && caseUrl && body.includes(caseUrl.split("/").pop()!)) {
      caseActions.push({ url: request.url(), headers, body });
    }
    if (request.method() === "GET" && caseUrl && new URL(request.url()).pathname.startsWith(`/api/cases/${caseUrl.split("/").pop()!}/`)) caseReads.add(request.url());
  });
}

test("a coordinator opens a case with a profile in Cyrillic and Latin and forms the team", async ({ browser }) => {
  // A second caseworker who will never be on this case.
  const admin = await signedInPage(browser, account("admin"));
  await admin.getByLabel("Email").fill("outsider@demo.casevault.test");
  await admin.getByLabel("Role", { exact: true }).selectOption("caseworker");
  await admin.getByRole("button", { name: "Create invitation link" }).click();
  const link = await admin.getByTestId("invite-link").inputValue();
  const invitee = await (await browser.newContext()).newPage();
  outsider = await acceptInvitation(invitee, link, { email: "outsider@demo.casevault.test", name: "Olek Outsider", passphrase: "quiet river stone lantern" });

  const coordinator = await signedInPage(browser, account("coordinator"));
  await coordinator.setViewportSize({ width: 1366, height: 768 });
  captureCaseActions(coordinator);
  await coordinator.getByRole("link", { name: "Cases" }).click();
  await coordinator.getByRole("link", { name: "Open a case" }).click();
  await coordinator.getByLabel("Full name").fill(profile.fullName);
  await coordinator.getByRole("button", { name: "Add alias" }).click();
  await coordinator.getByLabel("Alias or other spelling 1").fill(profile.alias1);
  await coordinator.getByRole("button", { name: "Add alias" }).click();
  await coordinator.getByLabel("Alias or other spelling 2").fill(profile.alias2);
  await coordinator.getByLabel("Date of birth").fill("29.07.1903");
  await coordinator.getByLabel("Nationality / citizenships").fill(profile.nationalities);
  await coordinator.getByLabel("Languages").fill(profile.languages);
  await coordinator.getByLabel("Current location").fill(profile.currentLocation);
  await coordinator.getByLabel("How to reach them safely").fill(profile.safeContact);
  await coordinator.getByRole("button", { name: "Add family member or contact" }).click();
  await coordinator.getByLabel("Name", { exact: true }).fill(profile.contactName);
  await coordinator.getByLabel("Relation").fill(profile.contactRelation);
  await coordinator.getByLabel("Details").fill(profile.contactDetails);
  // No risk level is preselected: the person must choose one.
  await expect(coordinator.getByLabel("Risk level")).toHaveValue("");
  await coordinator.getByLabel("Why").fill(profile.riskReason);
  await coordinator.getByLabel("Vulnerabilities").fill(profile.vulnerabilities);
  await coordinator.getByLabel("Notes").fill(profile.notes);
  await coordinator.screenshot({ path: "test-results/screens/case-new.png", fullPage: true });
  await coordinator.getByRole("button", { name: "Open case" }).click();
  // A bad date and an unchosen risk level are refused at the field, nothing is sent.
  await expect(coordinator.getByText("Use YYYY, YYYY-MM or YYYY-MM-DD.")).toBeVisible();
  await expect(coordinator.getByText("Choose the risk level.")).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/case-new-error.png", fullPage: true });
  await coordinator.setViewportSize({ width: 390, height: 844 });
  await coordinator.getByLabel("Risk level").scrollIntoViewIfNeeded();
  await coordinator.screenshot({ path: "test-results/screens/case-new-error-390.png" });
  await coordinator.setViewportSize({ width: 1366, height: 768 });
  await coordinator.getByLabel("Date of birth").fill(profile.dateOfBirth);
  await coordinator.getByLabel("Risk level").selectOption("critical");
  await coordinator.getByRole("button", { name: "Open case" }).click();

  await expect(coordinator.getByRole("heading", { name: profile.fullName })).toBeVisible({ timeout: 20_000 });
  caseUrl = coordinator.url();
  expect(caseUrl).toMatch(/\/cases\/[0-9a-f-]{36}$/);
  await expect(coordinator.getByTestId("case-reference")).toHaveText(/^CV-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  await expect(coordinator.getByText(`${profile.alias1} · ${profile.alias2}`)).toBeVisible();
  // The badge names the level in words; red is kept for "critical".
  const badge = coordinator.getByTestId("risk-badge");
  await expect(badge).toHaveText("Risk: Critical");
  await expect(badge).toHaveClass(/bg-red-100/);
  await badge.screenshot({ path: "test-results/screens/case-risk-badge.png" });

  // A new case lists what it still needs, each step a way to its tab.
  const steps = coordinator.getByTestId("next-steps");
  await expect(steps.getByRole("heading", { name: "Setting up this case" })).toBeVisible();
  await expect(steps.getByRole("button")).toHaveText([/^Add the team/, "Record the person's testimony", /^Upload evidence/, /^Add the hearing/]);
  await steps.screenshot({ path: "test-results/screens/case-next-steps.png" });
  await coordinator.setViewportSize({ width: 390, height: 844 });
  const stepsBox = await steps.boundingBox();
  expect(stepsBox && stepsBox.x >= 0 && stepsBox.x + stepsBox.width <= 390).toBe(true);
  await steps.screenshot({ path: "test-results/screens/case-next-steps-390.png" });
  await coordinator.setViewportSize({ width: 1366, height: 768 });
  await steps.getByRole("button", { name: "Record the person's testimony" }).click();
  await expect(coordinator).toHaveURL(/\?tab=testimonies$/);
  await expect(coordinator.getByRole("tab", { name: "Testimonies" })).toHaveAttribute("aria-selected", "true");

  await coordinator.getByRole("tab", { name: "Team" }).click();
  // Nothing is sealed to a colleague before the coordinator has compared their safety number.
  const confirmedNumbers = new Map<string, string>();
  for (const name of ["Aram Caseworker", "Olga Lawyer"]) {
    await coordinator.getByLabel("Add a colleague").selectOption({ label: `${name} · ${name.includes("Lawyer") ? "Lawyer" : "Caseworker"}` });
    await coordinator.getByRole("button", { name: "Add to team" }).click();
    const check = coordinator.getByRole("dialog", { name: `Compare ${name}'s safety number` });
    await expect(check.getByTestId("safety-number")).toHaveText(/^(\d{5} ){7}\d{5}$/);
    if (name === "Aram Caseworker") {
      // Cancelling adds no one.
      await check.getByRole("button", { name: "Cancel" }).click();
      await expect(coordinator.getByTestId(`member-${name}`)).toHaveCount(0);
      await coordinator.getByRole("button", { name: "Add to team" }).click();
    }
    confirmedNumbers.set(name, (await check.getByTestId("safety-number").textContent()) ?? "");
    if (name === "Aram Caseworker") {
      await coordinator.screenshot({ path: "test-results/screens/case-safety-number.png", fullPage: true });
      // On a phone the dialog and its number fit the screen.
      await coordinator.setViewportSize({ width: 390, height: 844 });
      const box = await check.getByTestId("safety-number").boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await coordinator.screenshot({ path: "test-results/screens/case-safety-number-390.png" });
      await coordinator.setViewportSize({ width: 1366, height: 768 });
    }
    await check.getByRole("button", { name: "The numbers match — add to team" }).click();
    await expect(coordinator.getByTestId(`member-${name}`)).toBeVisible();
    await expect(coordinator.getByTestId(`member-${name}`).getByText("Safety number compared")).toBeVisible();
  }
  await expect(coordinator.getByText(/3 members · key version\s1/)).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/case-team-added.png", fullPage: true });

  for (const role of ["caseworker", "lawyer"]) {
    const member = await signedInPage(browser, account(role));
    captureCaseActions(member);
    // The number the coordinator confirmed is the one this colleague sees for themselves.
    await member.getByRole("button", { name: role === "lawyer" ? "Olga Lawyer" : "Aram Caseworker" }).click();
    await member.getByRole("menuitem", { name: "Your account" }).click();
    await expect(member.getByTestId("fingerprint")).toHaveText(confirmedNumbers.get(role === "lawyer" ? "Olga Lawyer" : "Aram Caseworker")!);
    await member.getByRole("link", { name: "Cases" }).click();
    await member.getByRole("searchbox", { name: "Search" }).fill("karimov");
    await expect(member.getByRole("row", { name: new RegExp(profile.fullName) }).getByTestId("risk-badge")).toHaveText("Critical");
    if (role === "caseworker") {
      await member.getByRole("searchbox", { name: "Search" }).fill("");
      await expect(member.getByTestId("risk-badge")).toHaveCount(2); // this case and the demo case
      await member.getByRole("table").screenshot({ path: "test-results/screens/case-list-risk.png" });
    }
    await member.getByRole("link", { name: profile.fullName }).click();
    await expect(member.getByRole("heading", { name: profile.fullName })).toBeVisible();
    await expect(member.getByText(profile.safeContact)).toBeVisible();
    // The team is formed: that step is ticked, the others still lead to their tabs.
    await expect(member.getByTestId("next-steps").getByText("Add the team: the lawyer and caseworkers who will work on it (done)")).toBeVisible();
    await expect(member.getByTestId("next-steps").getByRole("button")).toHaveCount(3);
    await member.context().close();
  }
});

test("two teammates compare safety numbers both ways: the digits and the QR code each sees for the other are what the other's Account page shows", async ({ browser }) => {
  const cspViolations: string[] = [];
  const teammate = async (role: string, name: string) => {
    const page = await signedInPage(browser, account(role));
    page.on("console", (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.setViewportSize({ width: 1366, height: 768 });
    return { page, name, passphrase: account(role).passphrase };
  };
  const aram = await teammate("caseworker", "Aram Caseworker");
  const olga = await teammate("lawyer", "Olga Lawyer");
  const payload = /^casevault:v1:safety:([0-9a-f-]{36}):(\d{40})$/;
  const scannedIds: string[] = [];

  // Both opened the case in the first test: each pinned the other on first sight, without comparing.
  for (const [viewer, viewed] of [[aram, olga], [olga, aram]] as const) {
    const first = (who: { name: string }) => who.name.split(" ")[0]!.toLowerCase();
    const shot = (what: string, width: number) => `test-results/screens/safety-number-${first(viewer)}-checks-${first(viewed)}-${what}-${width}.png`;
    await viewer.page.goto(caseUrl);
    await unlock(viewer.page, viewer.passphrase);
    await openTab(viewer.page, "Team");
    const row = viewer.page.getByTestId(`member-${viewed.name}`);
    await expect(row.getByText("Not compared yet")).toBeVisible();
    await row.getByRole("button", { name: "Compare safety number" }).click();
    const check = viewer.page.getByRole("dialog", { name: `Compare ${viewed.name}'s safety number` });
    await expect(check.getByText(`Safety number of ${viewed.name}`)).toBeVisible();
    await expect(check.getByTestId("safety-number")).toHaveText(/^(\d{5} ){7}\d{5}$/);
    const servedQr = check.getByRole("img", { name: `QR code of the safety number of ${viewed.name}` });
    await expect(servedQr).toHaveAttribute("data-testid", "safety-number-qr");

    // The viewed person reads their own number on their Account page.
    await viewed.page.getByRole("button", { name: viewed.name }).click();
    await viewed.page.getByRole("menuitem", { name: "Your account" }).click();
    const own = viewed.page.getByTestId("fingerprint");
    await expect(own).toHaveText(/^(\d{5} ){7}\d{5}$/);
    await expect(viewed.page.getByText(`Safety number of ${viewed.name}`)).toBeVisible();
    const ownQr = viewed.page.getByRole("img", { name: `QR code of the safety number of ${viewed.name}` });
    await expect(ownQr).toHaveAttribute("data-testid", "fingerprint-qr");

    const digits = (await check.getByTestId("safety-number").textContent())!;
    expect(digits).toBe(await own.textContent());
    const scanned = [await scanQr(servedQr), await scanQr(ownQr)];
    await viewer.page.screenshot({ path: shot("dialog", 1366) });
    await viewed.page.screenshot({ path: shot("account", 1366), fullPage: true });

    // On a phone both codes fit the screen, still scan, and nothing scrolls sideways.
    for (const [page, qr, what] of [[viewer.page, servedQr, "dialog"], [viewed.page, ownQr, "account"]] as const) {
      await page.setViewportSize({ width: 390, height: 844 });
      await qr.scrollIntoViewIfNeeded();
      const box = await qr.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `${what} QR inside 390 px: ${JSON.stringify(box)}`).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      scanned.push(await scanQr(qr));
      await page.screenshot({ path: shot(what, 390), fullPage: what === "account" });
      await page.setViewportSize({ width: 1366, height: 768 });
    }
    // What a phone reads from either screen is the same: this person's id and exactly the digits shown.
    expect(new Set(scanned).size).toBe(1);
    expect(scanned[0]).toMatch(payload);
    const [, userId, scannedDigits] = scanned[0]!.match(payload) ?? [];
    expect(scannedDigits).toBe(digits.replaceAll(" ", ""));
    scannedIds.push(userId!);

    await check.getByRole("button", { name: "The numbers match" }).click();
    await expect(row.getByText("Safety number compared")).toBeVisible();
    await expect(row.getByRole("button", { name: "Compare safety number" })).toHaveCount(0);
  }
  // Each code names its own person.
  expect(scannedIds[0]).not.toBe(scannedIds[1]);
  expect(cspViolations).toEqual([]);
  await aram.page.context().close();
  await olga.page.context().close();
});

test("someone outside the case gets a 404 for its page and no trace of it in their list", async ({ browser }) => {
  const page = await signedInPage(browser, outsider);
  const response = await page.goto(caseUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" }).or(page.getByRole("heading", { name: "Unlock" }))).toBeVisible();
  expect(await response?.text()).not.toContain(profile.fullName.split(" ")[0]!);
  await page.goto(`${demo.baseURL}/cases`);
  await unlock(page, outsider.passphrase);
  await expect(page.getByText("You are not a member of any case yet.")).toBeVisible();
});

test("the workflow moves, refuses a stale step with its reason, and asks for a reason to hold", async ({ browser }) => {
  const caseworker = await signedInPage(browser, account("caseworker"));
  captureCaseActions(caseworker);
  await caseworker.goto(caseUrl);
  await unlock(caseworker, account("caseworker").passphrase);
  await expect(caseworker.getByRole("button", { name: "Start documentation" })).toBeVisible();

  const coordinator = await signedInPage(browser, account("coordinator"));
  captureCaseActions(coordinator);
  await coordinator.goto(caseUrl);
  await unlock(coordinator, account("coordinator").passphrase);
  await coordinator.getByRole("button", { name: "Start documentation" }).click();
  await coordinator.getByRole("button", { name: "Confirm" }).click();
  await expect(coordinator.locator("header").getByTestId("case-state")).toHaveText("Documentation");
  // The stepper shows every stage, this one current, and (folded) what moving on from each takes.
  const stepper = coordinator.getByTestId("workflow-stepper");
  await expect(stepper.getByRole("listitem")).toHaveCount(6);
  await expect(stepper.locator('[aria-current="step"]')).toHaveText(/^\s*›?\s*Documentation \(current stage\)$/);
  await stepper.getByText("What each stage needs").click();
  await expect(stepper.getByText("Documentation → Request legal review: a testimony with consent to use it in legal proceedings")).toBeVisible();

  // The caseworker's page still shows the old stage: the server refuses, and says why.
  await caseworker.getByRole("button", { name: "Start documentation" }).click();
  await caseworker.getByRole("button", { name: "Confirm" }).click();
  await expect(caseworker.getByText("Not done: this step is not possible from the current stage.")).toBeVisible();
  await caseworker.screenshot({ path: "test-results/screens/case-refused.png", fullPage: true });

  await coordinator.getByRole("button", { name: "Put on hold" }).click();
  await coordinator.getByRole("button", { name: "Confirm" }).click();
  await expect(coordinator.getByText("Give a reason for this step.")).toBeVisible();
  await coordinator.getByLabel("Reason (required)").fill(holdReason);
  await coordinator.getByRole("button", { name: "Confirm" }).click();
  await expect(coordinator.locator("header").getByTestId("case-state")).toHaveText("On hold");
  // Held, the case stands where it was held from.
  await expect(stepper.locator('[aria-current="step"]')).toHaveText(/Documentation · On hold/);
  await coordinator.getByRole("button", { name: "Resume" }).click();
  await coordinator.getByRole("button", { name: "Confirm" }).click();
  await expect(coordinator.locator("header").getByTestId("case-state")).toHaveText("Documentation");
  await coordinator.getByRole("tab", { name: "History" }).click();
  await expect(coordinator.getByText(holdReason)).toBeVisible();
  // The history is the case's timeline: the team as the chain signed it, the profile, the stages.
  const timeline = coordinator.getByTestId("case-timeline");
  await expect(timeline.getByTestId("timeline-team").last()).toContainText("Case opened: Nino Coordinator joined as Lead");
  await expect(timeline.getByText(/Team changed: Aram Caseworker joined as/)).toBeVisible();
  await expect(timeline.getByText("Person profile saved (version 1)")).toBeVisible();
  await expect(timeline.getByText("Put on hold (Documentation → On hold)")).toBeVisible();
  await coordinator.getByLabel("Show").selectOption("team");
  await expect(timeline.getByTestId("timeline-workflow")).toHaveCount(0);
  await expect(timeline.getByTestId("timeline-team").first()).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/case-history-e2e.png", fullPage: true });
  await coordinator.getByLabel("Show").selectOption("");

  // Editing the profile makes a new version; the old one stays readable.
  await coordinator.getByRole("tab", { name: "Person" }).click();
  await coordinator.getByRole("button", { name: "Edit" }).click();
  // The stored level is kept when editing.
  await expect(coordinator.getByLabel("Risk level")).toHaveValue("critical");
  await coordinator.getByLabel("Notes").fill(editedNotes);
  await coordinator.getByLabel("Risk level").selectOption("high");
  await coordinator.getByRole("button", { name: "Save new version" }).click();
  await expect(coordinator.getByText("Saved as version 2.")).toBeVisible();
  await expect(coordinator.getByText(editedNotes)).toBeVisible();
  await expect(coordinator.getByTestId("risk-badge")).toHaveText("Risk: High");
  await expect(coordinator.getByTestId("risk-badge")).toHaveClass(/bg-orange-100/);
  await coordinator.getByTestId("risk-badge").screenshot({ path: "test-results/screens/case-risk-badge-high.png" });
  await coordinator.getByRole("button", { name: "View", exact: true }).click();
  await expect(coordinator.getByRole("region", { name: "Version 1" }).getByText(profile.notes)).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/case-versions.png", fullPage: true });
});

test("removing the lawyer: their next request is a 404, the key epoch changes, the rest of the team still reads the case", async ({ browser }) => {
  const lawyer = await signedInPage(browser, account("lawyer"));
  await lawyer.goto(caseUrl);
  await unlock(lawyer, account("lawyer").passphrase);
  await expect(lawyer.getByRole("heading", { name: profile.fullName })).toBeVisible();

  const coordinator = await signedInPage(browser, account("coordinator"));
  captureCaseActions(coordinator);
  await coordinator.goto(caseUrl);
  await unlock(coordinator, account("coordinator").passphrase);
  await openTab(coordinator, "Team");
  await coordinator.getByTestId("member-Olga Lawyer").getByRole("button", { name: "Remove from case" }).click();
  await coordinator.getByRole("dialog").getByRole("button", { name: "Remove from case" }).click();
  await expect(coordinator.getByText(/2 members · key version\s2/)).toBeVisible({ timeout: 20_000 });
  await expect(coordinator.getByTestId("member-Olga Lawyer")).toHaveCount(0);

  // The lawyer's very next request for the case.
  await lawyer.getByRole("tab", { name: "History" }).click();
  const again = await lawyer.reload();
  expect(again?.status()).toBe(404);

  // Nothing is re-encrypted: records stay as written under epoch 1, and the caseworker, who holds both keys, reads them.
  const caseworker = await signedInPage(browser, account("caseworker"));
  captureCaseActions(caseworker);
  await caseworker.goto(caseUrl);
  await unlock(caseworker, account("caseworker").passphrase);
  await expect(caseworker.getByText(/key version\s2/)).toBeVisible();
  await expect(caseworker.getByRole("heading", { name: profile.fullName })).toBeVisible();
  await caseworker.getByRole("tab", { name: "History" }).click();
  await expect(caseworker.getByText(holdReason)).toBeVisible();
});

test("after an admin resets the caseworker, a teammate re-shares the case key (checking the fingerprint) and they read the case again", async ({ browser }) => {
  const admin = await signedInPage(browser, account("admin"));
  await admin.getByTestId("user-row-caseworker@demo.casevault.test").getByRole("button", { name: "Reset account" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Reset account" }).click();
  const link = await admin.getByTestId("invite-link").inputValue();
  await admin.context().close();

  const invitee = await (await browser.newContext()).newPage();
  const renewed = await acceptInvitation(invitee, link, { email: "caseworker@demo.casevault.test", name: "Aram Caseworker", passphrase: "new lantern for aram today" });
  renewedAccounts.caseworker = renewed;
  await invitee.context().close();

  const coordinator = await signedInPage(browser, account("coordinator"));
  captureCaseActions(coordinator);
  await coordinator.goto(caseUrl);
  await unlock(coordinator, account("coordinator").passphrase);
  await openTab(coordinator, "Team");
  // The reset account's new keys are not the ones pinned here: an alert, and nothing is sealed to them unasked.
  await expect(coordinator.getByTestId("keys-changed-alert")).toContainText("Aram Caseworker");
  const row = coordinator.getByTestId("member-Aram Caseworker");
  await expect(row.getByText("Needs key re-share")).toBeVisible();
  await expect(row.getByText("Keys changed")).toBeVisible();
  await expect(row.getByTestId("trust-waiting")).toContainText("Waiting for a safety-number check");
  await row.screenshot({ path: "test-results/screens/case-team-keys-changed.png" });
  await row.getByRole("button", { name: "Re-share key" }).click();
  const check = coordinator.getByRole("dialog", { name: "Aram Caseworker's keys have changed" });
  const pinnedNumber = await check.getByTestId("pinned-safety-number").textContent();
  const newNumber = await check.getByTestId("safety-number").textContent();
  expect(pinnedNumber).toMatch(/^(\d{5} ){7}\d{5}$/);
  expect(newNumber).toMatch(/^(\d{5} ){7}\d{5}$/);
  expect(newNumber).not.toBe(pinnedNumber);
  // Each number has its own code: the same person, each with the digits shown beside it.
  const pinnedScan = await scanQr(check.getByRole("img", { name: "QR code of the safety number you pinned for Aram Caseworker" }));
  const newScan = await scanQr(check.getByRole("img", { name: "QR code of the safety number of Aram Caseworker" }));
  expect(pinnedScan.split(":").slice(0, 4)).toEqual(newScan.split(":").slice(0, 4));
  expect(pinnedScan.split(":")[4]).toBe(pinnedNumber!.replaceAll(" ", ""));
  expect(newScan.split(":")[4]).toBe(newNumber!.replaceAll(" ", ""));
  await coordinator.screenshot({ path: "test-results/screens/case-reshare.png", fullPage: true });
  // On a phone the two numbers and codes make the dialog taller than the screen: it scrolls to its buttons.
  await coordinator.setViewportSize({ width: 390, height: 844 });
  await check.getByRole("button", { name: "Re-share key" }).scrollIntoViewIfNeeded();
  await expect(check.getByRole("button", { name: "Re-share key" })).toBeInViewport();
  await coordinator.screenshot({ path: "test-results/screens/case-reshare-390.png" });
  await coordinator.setViewportSize({ width: 1366, height: 768 });
  await check.getByRole("button", { name: "Re-share key" }).click();
  await expect(row.getByText("Needs key re-share")).toHaveCount(0);
  await expect(row.getByText("Safety number compared")).toBeVisible();
  await expect(coordinator.getByTestId("keys-changed-alert")).toHaveCount(0);

  const caseworker = await signedInPage(browser, account("caseworker"));
  await caseworker.goto(caseUrl);
  await unlock(caseworker, account("caseworker").passphrase);
  await expect(caseworker.getByRole("heading", { name: profile.fullName })).toBeVisible();
});

test("an admin deactivates the caseworker: the coordinator's browser removes them at its next visit, with a new key epoch", async ({ browser }) => {
  const admin = await signedInPage(browser, account("admin"));
  await admin.getByTestId("user-row-caseworker@demo.casevault.test").getByRole("button", { name: "Deactivate" }).click();
  await admin.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(admin.getByTestId("user-row-caseworker@demo.casevault.test").getByText("Deactivated")).toBeVisible();
  await admin.context().close();

  const coordinator = await signedInPage(browser, account("coordinator"));
  await coordinator.goto(caseUrl);
  await unlock(coordinator, account("coordinator").passphrase);
  // Still on the team (with the current key) until a lead's browser seals a new epoch without them: done on opening.
  await expect(coordinator.getByText(/1 member · key version\s3/)).toBeVisible({ timeout: 30_000 });
  await coordinator.getByRole("tab", { name: "Team" }).click();
  await expect(coordinator.getByTestId("member-Aram Caseworker")).toHaveCount(0);
  for (const alert of ["chain-alert", "team-mismatch-alert", "chain-rollback-alert", "keys-changed-alert"]) await expect(coordinator.getByTestId(alert)).toHaveCount(0);
  await expect(coordinator.getByRole("heading", { name: profile.fullName })).toBeVisible();
});

test("every case action and read the team used answers 'not found' to the outsider and to the removed lawyer", async ({ browser }) => {
  const kinds = new Set(caseActions.map((a) => a.headers["next-action"]));
  // The tabs' reads the team's pages made (GET /api/cases/<id>/<what>…).
  const readKinds = new Set([...caseReads].map((url) => new URL(url).pathname.split("/")[4]));
  expect(readKinds.size, `reads seen: ${[...readKinds].join(", ")}`).toBeGreaterThan(0);
  expect(kinds.size, "add member, transition, remove member, re-encrypt…").toBeGreaterThanOrEqual(4);
  for (const who of [outsider, account("lawyer")]) {
    const page = await signedInPage(browser, who);
    for (const action of caseActions) {
      // The outsider's own cookies go with the request; the member's are dropped.
      const headers = Object.fromEntries(Object.entries(action.headers).filter(([name]) => name !== "cookie" && name !== "content-length"));
      const reply = await page.request.post(action.url, { headers, data: action.body });
      const text = await reply.text();
      expect(text, `action ${action.headers["next-action"]} as ${who.email}`).toContain('"error":"not_found"');
      expect(text).not.toContain("contentSealed");
    }
    for (const url of caseReads) {
      const reply = await page.request.get(url);
      const text = await reply.text();
      expect(reply.status(), `GET ${url} as ${who.email}`).toBe(404);
      expect(text).toContain('"error":"not_found"');
      expect(text).not.toContain("contentSealed");
    }
    await page.context().close();
  }
});

test("canary: no marker typed into the profile or a reason is anywhere in the database", async () => {
  await demo.stop();
  const caseId = caseUrl.split("/").pop()!;
  const dump = await dumpDatabase(demo.database);
  expect(dump).toContain(caseId); // the dump does hold this case
  const typed = [...Object.values(profile), holdReason, editedNotes];
  const markers = typed.flatMap((value) => value.match(/CANARY-[a-z0-9]+-\d+/g) ?? []);
  expect(markers).toHaveLength(typed.length - 1); // every field but the date carries one
  const leaked = [...typed, ...markers].filter((value) => markerForms(value).some((form) => dump.includes(form)));
  expect(leaked).toEqual([]);
  expect(dump).not.toContain("CANARY-");

  // After the removal (and the deactivation), records written under epoch 1 stay exactly as written: nothing was re-encrypted.
  const byEpoch = await withSql(demo.database, (query) => query(`SELECT epoch, count(*)::int AS n FROM "CaseRecord" WHERE "caseId" = $1 GROUP BY epoch ORDER BY epoch`, [caseId]));
  expect(byEpoch[0]).toMatchObject({ epoch: 1 });
  expect(Number(byEpoch[0]?.n)).toBeGreaterThanOrEqual(3); // profile v1, v2 and the hold reason
});

test("tamper: a profile ciphertext copied onto another case is refused as a rewrite of what the lead saw; a member put back by the server is named; an edited audit row breaks the chain", async ({ browser }) => {
  const caseId = caseUrl.split("/").pop()!;
  await demo.restart(async (database) => {
    expect(runScript("audit:verify", database).stdout).toMatch(/^OK: checked .+\.\nHead: [0-9a-f]{64} \(event #[\d,]+\)\.$/m);
    await withSql(database, async (query) => {
      // The demo case's profile ciphertext, moved onto this case's latest profile version.
      await query(`UPDATE "CaseRecord" AS target SET "contentSealed" = source."contentSealed", "epoch" = 1
        FROM (SELECT "contentSealed" FROM "CaseRecord" WHERE type = 'person_profile' AND "caseId" <> $1 LIMIT 1) AS source
        WHERE target."caseId" = $1 AND target.type = 'person_profile'`, [caseId]);
      // The removed lawyer, put back on the team by the server alone (no lead signed it).
      await query(`INSERT INTO "CaseMember" ("caseId", "userId", role, "addedById") SELECT $1, id, 'member', id FROM "User" WHERE email = 'lawyer@demo.casevault.test'`, [caseId]);
    });
  });
  const coordinator = await signedInPage(browser, account("coordinator"));
  const reported = (kind: string) => coordinator.waitForRequest((request) => (request.postData() ?? "").includes(kind));
  const reportsSent = [reported("member_extra"), reported("record_rolled_back")];
  await coordinator.goto(caseUrl); // the server is back on its port
  await unlock(coordinator, account("coordinator").passphrase);
  // The coordinator has seen this profile version: the swapped bytes are a rewrite of what they saw, and nothing of it is shown.
  await expect(coordinator.getByRole("alert").filter({ hasText: "an older or altered version of this person's profile" })).toBeVisible();
  await expect(coordinator.getByRole("heading", { name: "Record damaged" })).toBeVisible();
  await expect(coordinator.getByTestId("team-mismatch-alert")).toContainText("The server shows Olga Lawyer on this team, but no lead has signed them onto it");
  for (const sent of reportsSent) await (await sent).response();
  await coordinator.screenshot({ path: "test-results/screens/case-damaged.png", fullPage: true });
  // On a phone the alert wraps inside the screen.
  await coordinator.setViewportSize({ width: 390, height: 844 });
  const box = await coordinator.getByTestId("team-mismatch-alert").boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
  // ...and so does the page: the header wraps with Quick exit on its first row, the tabs scroll sideways.
  const quickExit = await coordinator.getByRole("button", { name: "Quick exit" }).boundingBox();
  expect(quickExit && quickExit.x + quickExit.width <= 390 && quickExit.y < 60).toBe(true);
  expect(await coordinator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await coordinator.screenshot({ path: "test-results/screens/case-alerts-390.png", fullPage: true });
  await demo.stop();
  // The browser reported what it showed: audit events with a code and ids, nothing else.
  const alerts = await withSql(demo.database, (query) => query(`SELECT data FROM "AuditEvent" WHERE action = 'security.alert' AND "caseId" = $1`, [caseId]));
  expect(alerts.map((e) => (e.data as { kind: string }).kind)).toEqual(expect.arrayContaining(["member_extra", "record_rolled_back"]));

  const edited = await withSql(demo.database, async (query) => {
    const [row] = await query(`SELECT seq, action FROM "AuditEvent" WHERE action = 'case.member_removed' LIMIT 1`);
    await query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
    await query(`UPDATE "AuditEvent" SET data = '{"userId":"00000000-0000-4000-8000-000000000000"}' WHERE seq = $1`, [row!.seq]);
    await query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER USER`);
    return row!;
  });
  const verify = runScript("audit:verify", demo.database);
  expect(verify.status).toBe(1);
  expect(verify.stdout).toContain(`BROKEN at event #${String(edited.seq)} (case.member_removed)`);
});
