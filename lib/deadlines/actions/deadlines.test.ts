import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { transitionCase } from "@/lib/cases/actions/transition";
import { openKeyring } from "@/lib/cases/open-case-client";
import { getCaseDetail } from "@/lib/cases/queries";
import { openRecord } from "@/lib/cases/records-client";
import { getDb } from "@/lib/db/client";
import { addTestMember, authorsAt, caseEvents, caseSnapshot, expectAppError, expectAuditChainIntact, keyOf, newOrg, newUser, openTestCase, removeTestMember, seal, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { openShown } from "../deadlines-client";
import { listCaseDeadlines, listDashboardPage } from "../queries";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { deadlineDetailsSchema, deadlineLabelOf, type DeadlineDetails, type DeadlineKind } from "../schema";
import { createDeadline } from "./create";
import { setDeadlineStatus } from "./status";
import { updateDeadline } from "./update";

withTestDatabase();

let orgId: string;
let coordinator: TestUser;

beforeAll(async () => {
  orgId = await newOrg();
  coordinator = await newUser(orgId, "coordinator");
});

const details = (title: string, extra: Partial<DeadlineDetails> = {}): DeadlineDetails => ({
  title,
  court: "",
  venue: "",
  courtCaseNumber: "",
  timeZone: "Asia/Yerevan",
  date: "2027-01-20",
  time: "10:00",
  notes: "",
  outcome: "",
  ...extra,
});

async function newDeadline(kase: TestCase, opts: { kind?: DeadlineKind; dueAt?: string; assigneeId?: string | null; title?: string } = {}) {
  const id = randomUUID();
  const title = opts.title ?? "Hearing";
  const sealed = await seal(kase, { type: "deadline_details", id, version: 1, value: details(title) });
  return {
    id,
    kind: opts.kind ?? "hearing",
    dueAt: opts.dueAt ?? "2027-01-20T06:00:00.000Z",
    dateOnly: false,
    assigneeId: opts.assigneeId === undefined ? kase.lead.actor.userId : opts.assigneeId,
    details: sealed,
    label: await labelOf(kase, { id, label: null }, title),
  };
}

/** The next label of a deadline (the first, under a new id, when it has none). */
function labelOf(kase: TestCase, deadline: { id: string; label: SealedRecordWire | null }, title: string, timeZone = "Asia/Yerevan") {
  const previous = deadline.label ?? undefined;
  return seal(kase, { type: "deadline_label", id: previous?.id ?? randomUUID(), version: (previous?.version ?? 0) + 1, value: deadlineLabelOf(deadline.id, { title, timeZone }), previous });
}

describe("deadlines on a case", () => {
  it("creates, edits (a new details version) and lists them by due instant, details sealed", async () => {
    const kase = await openTestCase(coordinator);
    const later = await newDeadline(kase, { dueAt: "2027-03-01T00:00:00.000Z", title: "Appeal window" });
    const sooner = await newDeadline(kase, { dueAt: "2027-01-20T06:00:00.000Z", title: "Hearing at the district court" });
    await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: later });
    await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: sooner });

    const edited = await seal(kase, { type: "deadline_details", id: sooner.id, version: 2, value: details("Hearing moved", { date: "2027-01-22" }) });
    await updateDeadline(coordinator.actor, {
      caseId: kase.caseId,
      deadlineId: sooner.id,
      deadline: { kind: "hearing", dueAt: "2027-01-22T06:00:00.000Z", dateOnly: false, assigneeId: null },
      details: edited,
      label: await labelOf(kase, sooner, "Hearing moved"),
    });

    const listed = await listCaseDeadlines(coordinator.actor, kase.caseId);
    expect(listed.map((d) => d.id)).toEqual([sooner.id, later.id]);
    expect(listed[0]).toMatchObject({ dueAt: "2027-01-22T06:00:00.000Z", assigneeId: null, status: "open" });
    expect(listed[0]!.details.version).toBe(2);
    const opened = await openRecord({ caseId: kase.caseId, record: listed[0]!.details, caseKey: keyOf(kase), schema: deadlineDetailsSchema, type: "deadline_details", authors: await authorsAt(kase, listed[0]!.details.epoch) });
    expect(opened.title).toBe("Hearing moved");
    expect(listed[0]!.label).toMatchObject({ id: sooner.label.id, version: 2, type: "deadline_label" });
    // Nothing overwritten: version 1 is still stored.
    const db = await getDb();
    expect(await db.caseRecord.count({ where: { id: sooner.id } })).toBe(2);
    expect((await caseEvents(kase.caseId, "deadline.created")).length).toBe(2);
    await expectAuditChainIntact();
  });

  it("refuses a stale version, a record of another deadline and an assignee who is not on the team, changing nothing", async () => {
    const kase = await openTestCase(coordinator);
    const outsider = await newUser(orgId, "lawyer");
    const first = await newDeadline(kase);
    await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: first });
    const before = await caseSnapshot(kase.caseId);

    await expectAppError(createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: await newDeadline(kase, { assigneeId: outsider.actor.userId }) }), "invalid_input", "deadline.assigneeNotMember");
    const stale = await seal(kase, { type: "deadline_details", id: first.id, version: 1, value: details("again") });
    const label = await labelOf(kase, first, "again");
    const edit = { caseId: kase.caseId, deadlineId: first.id, deadline: { ...first, assigneeId: null } };
    await expectAppError(updateDeadline(coordinator.actor, { ...edit, details: stale, label }), "conflict", "deadline.version");
    const other = await seal(kase, { type: "deadline_details", id: randomUUID(), version: 2, value: details("other") });
    await expectAppError(updateDeadline(coordinator.actor, { ...edit, details: other, label }), "invalid_input", "deadline.details");
    // The label goes under the deadline's own label id, as the next version.
    const next = await seal(kase, { type: "deadline_details", id: first.id, version: 2, value: details("again") });
    const elsewhere = await labelOf(kase, { id: first.id, label: { ...first.label, id: randomUUID() } }, "again");
    await expectAppError(updateDeadline(coordinator.actor, { ...edit, details: next, label: elsewhere }), "invalid_input", "deadline.label");
    await expectAppError(updateDeadline(coordinator.actor, { ...edit, details: next, label: first.label }), "conflict", "deadline.version");
    await expectAppError(updateDeadline(coordinator.actor, { ...edit, details: next, label: next }), "invalid_input", "deadline.label");
    // A new deadline's label may not take an id already used.
    await expectAppError(createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: { ...(await newDeadline(kase)), label: { ...label, id: first.id, version: 1 } } }), "conflict", "record.idTaken");
    // Re-using the id of an existing deadline is refused too.
    await expectAppError(createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: first }), "conflict", "record.idTaken");
    expect(await caseSnapshot(kase.caseId)).toEqual(before);
  });

  it("marks a hearing done with its outcome and opens the appeal window in the same step", async () => {
    const kase = await openTestCase(coordinator);
    const hearing = await newDeadline(kase);
    await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: hearing });
    const outcome = await seal(kase, { type: "deadline_details", id: hearing.id, version: 2, value: details("Hearing", { outcome: "Extradition allowed; appeal" }) });
    const appeal = await newDeadline(kase, { kind: "appeal", dueAt: "2027-01-30T19:59:59.999Z", title: "Appeal window" });

    const { followUpId } = await setDeadlineStatus(coordinator.actor, { caseId: kase.caseId, deadlineId: hearing.id, status: "done", details: outcome, followUp: appeal });
    expect(followUpId).toBe(appeal.id);
    const listed = await listCaseDeadlines(coordinator.actor, kase.caseId);
    expect(listed.find((d) => d.id === hearing.id)).toMatchObject({ status: "done", statusById: coordinator.actor.userId });
    expect(listed.find((d) => d.id === appeal.id)).toMatchObject({ status: "open", kind: "appeal", followUpOfId: hearing.id });
  });

  it("a refused follow-up leaves the hearing open (both or neither)", async () => {
    const kase = await openTestCase(coordinator);
    const hearing = await newDeadline(kase);
    await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: hearing });
    const before = await caseSnapshot(kase.caseId);
    const badFollowUp = { ...(await newDeadline(kase)), assigneeId: randomUUID() };
    await expectAppError(
      setDeadlineStatus(coordinator.actor, { caseId: kase.caseId, deadlineId: hearing.id, status: "done", details: null, followUp: badFollowUp }),
      "invalid_input",
    );
    expect(await caseSnapshot(kase.caseId)).toEqual(before);
    expect((await listCaseDeadlines(coordinator.actor, kase.caseId))[0]!.status).toBe("open");
  });

  it("a non-member neither reads nor writes a case's deadlines (not found)", async () => {
    const kase = await openTestCase(coordinator);
    await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: await newDeadline(kase) });
    const stranger = await newUser(orgId, "coordinator");
    await expectAppError(listCaseDeadlines(stranger.actor, kase.caseId), "not_found");
    await expectAppError(createDeadline(stranger.actor, { caseId: kase.caseId, deadline: await newDeadline(kase) }), "not_found");
  });

  it("closing a case is refused while a deadline is open, allowed once it is done", async () => {
    const kase = await openTestCase(coordinator);
    // Set-up shortcut: the path to "resolved" is tested in lib/cases.
    const db = await getDb();
    await db.case.update({ where: { id: kase.caseId }, data: { state: "resolved" } });
    const hearing = await newDeadline(kase);
    await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: hearing });
    const reason = await seal(kase, { type: "transition_reason", id: randomUUID(), version: 1, value: { reason: "done" } });
    await expectAppError(transitionCase(coordinator.actor, "lead", { caseId: kase.caseId, transition: "close", reason }), "conflict", "workflow.open_deadlines");
    await setDeadlineStatus(coordinator.actor, { caseId: kase.caseId, deadlineId: hearing.id, status: "done", details: null, followUp: null });
    await expect(transitionCase(coordinator.actor, "lead", { caseId: kase.caseId, transition: "close", reason })).resolves.toEqual({ state: "closed" });
  });
});

describe("the dashboard across cases", () => {
  it("lists the actor's deadlines in the window and open overdue ones, never another team's", async () => {
    // Fresh people: nobody else's deadlines in this test's way.
    const coordinator = await newUser(orgId, "coordinator");
    const lawyer = await newUser(orgId, "lawyer");
    const mine = await openTestCase(coordinator);
    const theirs = await openTestCase(lawyer);
    const removedFrom = await openTestCase(coordinator);
    await addTestMember(removedFrom, lawyer, "member");
    const inWindow = await newDeadline(mine, { dueAt: "2030-05-10T08:00:00.000Z" });
    const overdue = await newDeadline(mine, { dueAt: "2030-04-01T08:00:00.000Z", kind: "filing" });
    const overdueDone = await newDeadline(mine, { dueAt: "2030-04-02T08:00:00.000Z" });
    const outside = await newDeadline(mine, { dueAt: "2030-07-01T08:00:00.000Z" });
    for (const d of [inWindow, overdue, overdueDone, outside]) await createDeadline(coordinator.actor, { caseId: mine.caseId, deadline: d });
    await setDeadlineStatus(coordinator.actor, { caseId: mine.caseId, deadlineId: overdueDone.id, status: "done", details: null, followUp: null });
    const foreign = await newDeadline(theirs, { dueAt: "2030-05-11T08:00:00.000Z" });
    await createDeadline(lawyer.actor, { caseId: theirs.caseId, deadline: foreign });
    const gone = await newDeadline(removedFrom, { dueAt: "2030-05-12T08:00:00.000Z", assigneeId: null });
    await createDeadline(coordinator.actor, { caseId: removedFrom.caseId, deadline: gone });
    await removeTestMember(removedFrom, lawyer);

    // The urgency list's question: every open deadline due before the window's end.
    const urgent = { to: new Date("2030-06-01T00:00:00.000Z"), open: true, limit: 50 };
    const board = await listDashboardPage(coordinator.actor, urgent);
    const ids = board.deadlines.map((d) => d.id);
    expect(ids).toContain(inWindow.id);
    expect(ids).toContain(overdue.id);
    expect(ids).not.toContain(overdueDone.id);
    expect(ids).not.toContain(outside.id);
    expect(ids).not.toContain(foreign.id);
    expect(board.total).toBe(ids.length);
    // Only the cases named by the rows, and of them only what decides whether the browser holds their keys.
    expect(board.cases.map((c) => c.id).sort()).toEqual([mine.caseId, removedFrom.caseId].sort());
    expect(Object.keys(board.cases[0]!).sort()).toEqual(["chainHead", "currentEpoch", "id", "profileVersion", "reference", "state"]);
    expect(board.cases.find((c) => c.id === removedFrom.caseId)).toMatchObject({ currentEpoch: 2, chainHead: expect.stringMatching(/^\d+:[0-9a-f]{64}$/), profileVersion: 1 });

    const lawyersBoard = await listDashboardPage(lawyer.actor, urgent);
    expect(lawyersBoard.deadlines.map((d) => d.id)).toEqual([foreign.id]);
    expect(lawyersBoard.cases.map((c) => c.id)).toEqual([theirs.caseId]);
    expect(lawyersBoard.total).toBe(1);

    // A calendar window: every status, due in [from, to).
    const month = await listDashboardPage(coordinator.actor, { from: new Date("2030-04-01T00:00:00.000Z"), to: new Date("2030-05-01T00:00:00.000Z"), open: false, limit: 50 });
    expect(month.deadlines.map((d) => d.id).sort()).toEqual([overdue.id, overdueDone.id].sort());
  });

  it("filters by kind, assignee and case state on the server, and counts what the filter leaves", async () => {
    const coordinator = await newUser(orgId, "coordinator");
    const caseworker = await newUser(orgId, "caseworker");
    const first = await openTestCase(coordinator);
    const second = await openTestCase(coordinator);
    await addTestMember(first, caseworker, "member");
    // Set directly: this is about the query, not the workflow.
    await (await getDb()).case.update({ where: { id: second.caseId }, data: { state: "proceedings" } });
    const hearing = await newDeadline(first, { dueAt: "2031-01-10T08:00:00.000Z", kind: "hearing", assigneeId: caseworker.actor.userId });
    const filing = await newDeadline(first, { dueAt: "2031-01-11T08:00:00.000Z", kind: "filing", assigneeId: null });
    const elsewhere = await newDeadline(second, { dueAt: "2031-01-12T08:00:00.000Z", kind: "hearing", assigneeId: null });
    await createDeadline(coordinator.actor, { caseId: first.caseId, deadline: hearing });
    await createDeadline(coordinator.actor, { caseId: first.caseId, deadline: filing });
    await createDeadline(coordinator.actor, { caseId: second.caseId, deadline: elsewhere });
    const base = { from: new Date("2031-01-01T00:00:00.000Z"), to: new Date("2031-02-01T00:00:00.000Z"), open: true, limit: 50 };
    const idsOf = async (extra: object) => {
      const page = await listDashboardPage(coordinator.actor, { ...base, ...extra });
      expect(page.total).toBe(page.deadlines.length);
      return page.deadlines.map((d) => d.id);
    };
    expect(await idsOf({})).toEqual([hearing.id, filing.id, elsewhere.id]);
    expect(await idsOf({ kind: "hearing" })).toEqual([hearing.id, elsewhere.id]);
    expect(await idsOf({ assignee: caseworker.actor.userId })).toEqual([hearing.id]);
    expect(await idsOf({ caseState: "intake" })).toEqual([hearing.id, filing.id]);
    expect(await idsOf({ caseState: "proceedings", kind: "hearing" })).toEqual([elsewhere.id]);
    const withNames = await listDashboardPage(coordinator.actor, { ...base, assignee: caseworker.actor.userId });
    expect(withNames.assignees).toEqual([{ userId: caseworker.actor.userId, displayName: expect.any(String) }]);
  });

  it("sends each row's label (title and zone), never its details; a deadline from before labels its details", async () => {
    const coordinator = await newUser(orgId, "coordinator");
    const kase = await openTestCase(coordinator);
    const secret = "Witness W-7 moved to the safe flat on Lenin St";
    const hearing = await newDeadline(kase, { dueAt: "2032-01-10T08:00:00.000Z", title: "Hearing" });
    hearing.details = await seal(kase, { type: "deadline_details", id: hearing.id, version: 1, value: details("Hearing", { notes: secret, court: "District court" }) });
    const older = await newDeadline(kase, { dueAt: "2032-01-11T08:00:00.000Z", title: "Filing" });
    for (const d of [hearing, older]) await createDeadline(coordinator.actor, { caseId: kase.caseId, deadline: d });
    // As a deadline written before labels were: no label row.
    await (await getDb()).deadline.update({ where: { id: older.id }, data: { labelId: null, labelVersion: null } });

    const page = await listDashboardPage(coordinator.actor, { to: new Date("2032-02-01T00:00:00.000Z"), open: true, limit: 50 });
    const [labelled, legacy] = page.deadlines;
    expect(Object.keys(labelled!).sort()).toEqual(["assigneeId", "caseId", "dateOnly", "dueAt", "id", "kind", "label", "status"]);
    expect(labelled!.label).toEqual({ id: hearing.label.id, version: 1, type: "deadline_label", epoch: 1, contentSealed: hearing.label.contentSealed });
    expect(JSON.stringify(page)).not.toContain(hearing.details.contentSealed);
    expect(legacy).toMatchObject({ id: older.id, details: { id: older.id, contentSealed: older.details.contentSealed } });
    expect(legacy!.label).toBeUndefined();

    // In the browser: the label opens to the title and zone, and names its deadline.
    const detail = await getCaseDetail(coordinator.actor, kase.caseId);
    const keyring = await openKeyring(detail, detail.people, coordinator.account);
    expect(await openShown(labelled!, keyring)).toMatchObject({ ok: true, value: { title: "Hearing", timeZone: "Asia/Yerevan" } });
    expect(await openShown(legacy!, keyring)).toMatchObject({ ok: true, value: { title: "Filing" } });
    // The lying server moves the hearing's label onto the filing: it does not open as the filing's.
    expect(await openShown({ ...legacy!, details: undefined, label: labelled!.label! }, keyring)).toEqual({ ok: false, problem: "damaged" });
  });

  it("refuses a window longer than a month view, and an open-ended one of every status", async () => {
    await expectAppError(listDashboardPage(coordinator.actor, { from: new Date("2030-01-01"), to: new Date("2030-03-01"), open: false, limit: 50 }), "invalid_input", "dashboard.range");
    await expectAppError(listDashboardPage(coordinator.actor, { to: new Date("2030-03-01"), open: false, limit: 50 }), "invalid_input", "dashboard.range");
  });
});
