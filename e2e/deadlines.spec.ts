import type { Browser } from "@playwright/test";
import { expect, test } from "./support/test";
import { addDays } from "../lib/deadlines/due";
import { instantToZoned } from "../lib/deadlines/zoned-time";
import { dumpDatabase, markerForms } from "./support/db-dump";
import { withSql } from "./support/db-sql";
import { unlock } from "./support/flows";
import { ownDemoServer } from "./support/demo-server";

// A coordinator in London keeps a hearing in Yerevan and an appeal window on
// a new case: both show on the dashboard in the venue's zone and in hers; the
// hearing's outcome opens the follow-up deadline; the case cannot close while
// one is open; a lawyer on another case sees none of it; the calendar feed
// and the database hold no title, court or note.

test.describe.configure({ mode: "serial", timeout: 180_000 });
test.use({ baseURL: undefined, timezoneId: "Europe/London", locale: "en-GB" });

const demo = ownDemoServer();
let caseUrl = "";
let reference = "";
let feedUrl = "";

const run = `${Date.now()}`;
const marker = (field: string) => `CANARY-${field}-${run}`;
const personName = `Давид Мкртчян ${marker("person")}`;
const hearing = {
  title: `Extradition hearing ${marker("title")}`,
  court: `Kentron court ${marker("court")}`,
  venue: `Courtroom 4 ${marker("venue")}`,
  number: marker("courtnumber"),
  notes: `Переводчик заказан ${marker("notes")}`,
};
const appealTitle = `Appeal window ${marker("appeal")}`;
const outcome = `Extradition allowed ${marker("outcome")}`;
const followUpTitle = `Appeal to the Court of Cassation ${marker("followup")}`;
const typed = [personName, ...Object.values(hearing), appealTitle, outcome, followUpTitle];

const yerevanToday = instantToZoned(new Date(), "Asia/Yerevan").date;
const hearingDate = addDays(yerevanToday, 5);

const signedInPage = (browser: Browser, role: string) => demo.signedInPage(browser, role, { timezoneId: "Europe/London", locale: "en-GB" });

test("a coordinator adds a hearing in Asia/Yerevan and an appeal deadline, sees both zones, and records the outcome with its follow-up", async ({ browser }) => {
  const coordinator = await signedInPage(browser, "coordinator");
  await coordinator.setViewportSize({ width: 1366, height: 768 });
  // In-app navigation keeps the keys in memory (a reload would ask to unlock).
  await coordinator.getByRole("link", { name: "Open a case" }).click();
  await coordinator.getByLabel("Full name").fill(personName);
  await coordinator.getByLabel("Risk level").selectOption("medium");
  await coordinator.getByRole("button", { name: "Open case" }).click();
  await expect(coordinator.getByRole("heading", { name: personName })).toBeVisible({ timeout: 20_000 });
  caseUrl = coordinator.url();
  reference = (await coordinator.getByTestId("case-reference").textContent()) ?? "";

  await coordinator.getByRole("tab", { name: "Deadlines" }).click();
  await expect(coordinator.getByText("No deadlines on this case yet.")).toBeVisible();
  await coordinator.getByRole("button", { name: "Add deadline" }).click();
  const form = coordinator.getByRole("form", { name: "Add deadline" });
  await form.getByLabel("Kind", { exact: true }).selectOption("hearing");
  await form.getByLabel("Date", { exact: true }).fill(hearingDate);
  await form.getByLabel("Time", { exact: true }).fill("10:30");
  // The zone is picked from a list, starting at the viewer's own; the keyboard's type-ahead finds the venue's.
  const zone = form.getByLabel("Venue time zone");
  await expect(zone).toHaveValue("Europe/London");
  await expect(zone.locator("option:checked")).toHaveText(/^Europe\/London \(UTC\+0[01]:00\)$/);
  await zone.focus();
  await coordinator.keyboard.type("Asia/Yer");
  await expect(zone).toHaveValue("Asia/Yerevan");
  await expect(zone.locator("option:checked")).toHaveText("Asia/Yerevan (UTC+04:00)");
  await form.getByLabel("Court or authority").fill(hearing.court);
  await form.getByLabel("Venue or address").fill(hearing.venue);
  await form.getByLabel("Case number at the court").fill(hearing.number);
  await form.getByLabel("Assignee").selectOption({ label: "Nino Coordinator" });
  await form.getByLabel("Notes").fill(hearing.notes);
  await form.getByRole("button", { name: "Add deadline" }).click();
  // A missing title is caught at the field; nothing is sent.
  await expect(form.getByText("Enter a title.")).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/deadline-form-error.png", fullPage: true });
  await coordinator.setViewportSize({ width: 390, height: 844 });
  await zone.scrollIntoViewIfNeeded();
  const zoneBox = await zone.boundingBox();
  expect(zoneBox && zoneBox.x >= 0 && zoneBox.x + zoneBox.width <= 390).toBe(true);
  await coordinator.screenshot({ path: "test-results/screens/deadline-form-390.png" });
  await coordinator.setViewportSize({ width: 1366, height: 768 });
  await form.getByLabel("Title", { exact: true }).fill(hearing.title);
  await form.getByRole("button", { name: "Add deadline" }).click();
  await expect(coordinator.getByText("Deadline added.")).toBeVisible();

  await coordinator.getByRole("button", { name: "Add deadline" }).click();
  await form.getByLabel("Kind", { exact: true }).selectOption("appeal");
  await form.getByLabel("Title", { exact: true }).fill(appealTitle);
  await form.getByLabel("Date", { exact: true }).fill(addDays(yerevanToday, 20));
  await form.getByLabel("Venue time zone").selectOption("Asia/Yerevan");
  await form.getByRole("button", { name: "Add deadline" }).click();
  await expect(coordinator.getByText("Deadline added.")).toBeVisible();

  const rows = coordinator.getByTestId("deadline-row");
  await expect(rows).toHaveCount(2);
  // 10:30 in Yerevan (UTC+4) is 06:30 in London (UTC+0 in winter, 07:30 in summer).
  await expect(rows.first()).toContainText("10:30 AM");
  await expect(rows.first()).toContainText("Asia/Yerevan");
  await expect(rows.first().getByTestId("due-viewer-zone")).toContainText(/[67]:30 AM your time \(Europe\/London\)/);
  await expect(rows.nth(1)).toContainText("by end of");
  // Editing keeps the stored zone, not the viewer's.
  await coordinator.getByRole("button", { name: `Edit “${hearing.title}”` }).click();
  await expect(rows.first().getByLabel("Venue time zone")).toHaveValue("Asia/Yerevan");
  await coordinator.screenshot({ path: "test-results/screens/deadline-edit.png", fullPage: true });
  await rows.first().getByRole("button", { name: "Cancel" }).click();
  await coordinator.screenshot({ path: "test-results/screens/deadlines-tab.png", fullPage: true });

  // The dashboard: the hearing within the week, the appeal within 30 days, both zones.
  const summaryRequests: string[] = [];
  coordinator.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/cases/summaries") summaryRequests.push(request.url());
  });
  await coordinator.getByRole("link", { name: "Dashboard" }).click();
  const week = coordinator.getByTestId("bucket-week");
  await expect(week.getByText(hearing.title)).toBeVisible({ timeout: 20_000 });
  await expect(week.getByText(personName)).toBeVisible();
  await expect(week.getByRole("link", { name: reference })).toBeVisible();
  await expect(week.getByTestId("due-viewer-zone").first()).toContainText("your time (Europe/London)");
  await expect(coordinator.getByTestId("bucket-month").getByText(appealTitle)).toBeVisible();
  // The seeded filing is three days overdue on the demo case.
  await expect(coordinator.getByTestId("bucket-overdue").getByText("Submit medical report to the prosecutor")).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/dashboard.png", fullPage: true });
  // The first visit fetched the cases' keys and profiles; the next fetches rows only (held opened in memory: lib/cases/opened-cases.ts).
  expect(summaryRequests.length).toBeGreaterThan(0);
  const firstVisit = summaryRequests.length;
  await coordinator.getByRole("link", { name: "Cases", exact: true }).click();
  await expect(coordinator).toHaveURL(/\/cases$/);
  await coordinator.getByRole("link", { name: "Dashboard" }).click();
  await expect(week.getByText(hearing.title)).toBeVisible({ timeout: 20_000 });
  await expect(coordinator.getByTestId("bucket-month").getByText(appealTitle)).toBeVisible();
  expect(summaryRequests).toHaveLength(firstVisit);
  // The scheduler ran at start: the overdue filing escalated to the case's coordinator.
  await coordinator.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ }).click();
  await expect(coordinator.getByText(/Filing deadline overdue by 2 days — CV-/)).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/notifications.png" });
  await coordinator.keyboard.press("Escape");
  // Filters go to the server with the query (kind, assignee and case state are plaintext there); the counts follow.
  await coordinator.getByLabel("Kind", { exact: true }).selectOption("appeal");
  await expect(week.getByText(hearing.title)).toHaveCount(0);
  await expect(coordinator.getByTestId("bucket-month").getByText(appealTitle)).toBeVisible();
  await coordinator.getByLabel("Kind", { exact: true }).selectOption("");
  await coordinator.getByRole("tab", { name: "Month" }).click();
  await expect(coordinator.getByTestId("calendar-entry").filter({ hasText: hearing.title })).toBeVisible();
  await coordinator.screenshot({ path: "test-results/screens/dashboard-month.png", fullPage: true });
  // The same in Russian, dates per locale.
  await coordinator.getByRole("button", { name: /English/ }).click();
  await coordinator.getByRole("option", { name: "Русский" }).click();
  await expect(coordinator.getByRole("tab", { name: "По срочности" })).toBeVisible();
  await coordinator.getByRole("tab", { name: "По срочности" }).click();
  await expect(coordinator.getByTestId("bucket-week").getByText(hearing.title)).toBeVisible({ timeout: 20_000 });
  await expect(coordinator.getByTestId("bucket-week")).toContainText("дек. 2026");
  await coordinator.screenshot({ path: "test-results/screens/dashboard-ru.png", fullPage: true });
  await coordinator.getByRole("button", { name: /Русский/ }).click();
  await coordinator.getByRole("option", { name: "English" }).click();
  await expect(coordinator.getByRole("tab", { name: "By urgency" })).toBeVisible();

  // The hearing happened: done, with its outcome, and the appeal window opens in the same step.
  await coordinator.goto(caseUrl);
  await unlock(coordinator, demo.account("coordinator").passphrase);
  await coordinator.getByRole("tab", { name: "Deadlines" }).click();
  await coordinator.getByRole("button", { name: `Record outcome of “${hearing.title}”` }).click();
  const outcomeForm = coordinator.getByRole("form", { name: "Record outcome" });
  await outcomeForm.getByLabel("Outcome", { exact: true }).fill(outcome);
  await outcomeForm.getByLabel("Create the follow-up deadline now").check();
  await outcomeForm.getByLabel("Kind", { exact: true }).selectOption("appeal");
  await outcomeForm.getByLabel("Title", { exact: true }).fill(followUpTitle);
  await outcomeForm.getByLabel("Days", { exact: true }).fill("15");
  await outcomeForm.getByLabel("Decision date").fill(hearingDate);
  await coordinator.screenshot({ path: "test-results/screens/deadline-outcome.png", fullPage: true });
  await outcomeForm.getByRole("button", { name: "Save outcome" }).click();
  await expect(coordinator.getByText("Outcome saved and the follow-up deadline created.")).toBeVisible();
  await expect(rows).toHaveCount(3);
  const done = rows.filter({ hasText: hearing.title });
  await expect(done).toContainText("Done");
  await expect(done).toContainText(outcome);
  await expect(rows.filter({ hasText: followUpTitle })).toContainText("by end of");
});

test("closing a case is refused while a deadline is open", async ({ browser }) => {
  // The demo case: its testimony records consent to use it in court (legal
  // review needs that), and it has open deadlines.
  const coordinator = await signedInPage(browser, "coordinator");
  await coordinator.getByTestId("bucket-overdue").getByRole("link", { name: /^CV-/ }).click();
  await expect(coordinator.getByRole("heading", { name: "Арман Сафаров" })).toBeVisible({ timeout: 20_000 });
  for (const [step, state] of [
    ["Request legal review", "Legal review"],
    ["Start proceedings", "Proceedings"],
    ["Mark resolved", "Resolved"],
  ] as const) {
    await coordinator.getByRole("button", { name: step }).click();
    await coordinator.getByRole("button", { name: "Confirm" }).click();
    await expect(coordinator.locator("header").getByTestId("case-state")).toHaveText(state);
  }
  await coordinator.getByRole("button", { name: "Close case" }).click();
  await coordinator.getByLabel(/Reason|Note/).fill("All done");
  await coordinator.getByRole("button", { name: "Confirm" }).click();
  await expect(coordinator.getByText("Not done: the case still has open deadlines.")).toBeVisible();
  await expect(coordinator.locator("header").getByTestId("case-state")).toHaveText("Resolved");
  await coordinator.screenshot({ path: "test-results/screens/case-close-refused.png", fullPage: true });
});

test("a lawyer on another case sees none of these deadlines and gets a 404 for the case", async ({ browser }) => {
  const lawyer = await signedInPage(browser, "lawyer");
  // Their own case's hearing is there; this case's deadlines are not.
  await expect(lawyer.getByTestId("bucket-week").or(lawyer.getByTestId("bucket-month")).getByText("Extradition hearing").first()).toBeVisible({ timeout: 20_000 });
  await expect(lawyer.getByText(hearing.title)).toHaveCount(0);
  await expect(lawyer.getByText(appealTitle)).toHaveCount(0);
  await expect(lawyer.getByText(reference)).toHaveCount(0);
  const response = await lawyer.goto(caseUrl);
  expect(response?.status()).toBe(404);
});

test("the calendar feed carries kind, reference and time only", async ({ browser, request }) => {
  const coordinator = await signedInPage(browser, "coordinator");
  await coordinator.goto(`${demo.baseURL}/account`);
  await unlock(coordinator, demo.account("coordinator").passphrase);
  await coordinator.getByRole("button", { name: "Create calendar link" }).click();
  feedUrl = await coordinator.getByTestId("calendar-feed-link").inputValue();
  await coordinator.screenshot({ path: "test-results/screens/account-calendar-feed.png", fullPage: true });
  const feed = await request.get(feedUrl);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  const text = await feed.text();
  expect(text).toContain(reference);
  expect(text).toContain("Hearing");
  const leaked = typed.filter((value) => markerForms(value).some((form) => text.includes(form)));
  expect(leaked).toEqual([]);
  expect(text).not.toContain("CANARY-");
  // Anyone can fetch it with the link, nobody without: a wrong token is a 404.
  expect((await request.get(feedUrl.replace(/.$/, (c) => (c === "A" ? "B" : "A")))).status()).toBe(404);
});

test("canary: no deadline title, court, venue, number, note or outcome is anywhere in the database", async () => {
  await demo.stop();
  const dump = await dumpDatabase(demo.database);
  expect(dump).toContain(reference);
  const markers = typed.flatMap((value) => value.match(/CANARY-[a-z]+-\d+/g) ?? []);
  expect(markers.length).toBe(typed.length);
  const leaked = [...typed, ...markers].filter((value) => markerForms(value).some((form) => dump.includes(form)));
  expect(leaked).toEqual([]);
  expect(dump).not.toContain("CANARY-");
});

test("rollback: the hearing's details set back to the version before its outcome are withheld, not shown as current", async ({ browser }) => {
  const rolledBack = await demo.restart((database) =>
    withSql(database, (query) =>
      query(`UPDATE "Deadline" SET "detailsVersion" = "detailsVersion" - 1 WHERE "caseId" = (SELECT id FROM "Case" WHERE reference = $1) AND "detailsVersion" > 1 RETURNING id`, [reference]),
    ),
  );
  expect(rolledBack).toHaveLength(1);
  const coordinator = await signedInPage(browser, "coordinator");
  await coordinator.goto(caseUrl.replace(/^http:\/\/localhost:\d+/, demo.baseURL));
  await unlock(coordinator, demo.account("coordinator").passphrase);
  await coordinator.getByRole("tab", { name: "Deadlines" }).click();
  const rows = coordinator.getByTestId("deadline-row");
  await expect(rows).toHaveCount(3);
  // The server now serves the hearing as it was before its outcome: this browser saw the newer version.
  await expect(rows.filter({ hasText: "older than, or different from, a version this browser has already seen" })).toHaveCount(1);
  await expect(coordinator.getByText(hearing.title)).toHaveCount(0);
  await coordinator.screenshot({ path: "test-results/screens/deadline-rolled-back.png", fullPage: true });
});
