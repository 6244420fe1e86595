import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { addTestMember, caseEvents, expectAuditChainIntact, newOrg, newUser, openTestCase, removeTestMember, type TestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { insertTestDeadline, setTestDeadlineStatus } from "@/lib/testing/deadline-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { markRead, runReminderTick, type TickCounts } from "./actions";
import { listMyNotifications, unreadCount } from "./queries";

const { kind } = withTestDatabase();
const DAY = 86_400_000;
const HOUR = 3_600_000;
const root = path.resolve(__dirname, "../..");

/**
 * The team of every test: the lead (a coordinator: opened the case), the
 * assignee (lawyer), a second coordinator as a plain member, a caseworker
 * who is neither, a second lead who has been deactivated, and a coordinator
 * of the organisation who is not on the case.
 */
type Team = { kase: TestCase; lead: TestUser; assignee: TestUser; coordinator: TestUser; bystander: TestUser; inactiveLead: TestUser; outsider: TestUser };

let orgId: string;
beforeAll(async () => {
  orgId = await newOrg();
});

async function newTeam(org = orgId): Promise<Team> {
  const orgId = org;
  const lead = await newUser(orgId, "coordinator");
  const kase = await openTestCase(lead);
  const assignee = await newUser(orgId, "lawyer");
  const coordinator = await newUser(orgId, "coordinator");
  const bystander = await newUser(orgId, "caseworker");
  const inactiveLead = await newUser(orgId, "caseworker");
  const outsider = await newUser(orgId, "coordinator");
  await addTestMember(kase, assignee);
  await addTestMember(kase, coordinator);
  await addTestMember(kase, bystander);
  await addTestMember(kase, inactiveLead, "lead");
  const db = await getDb();
  await db.user.update({ where: { id: inactiveLead.actor.userId }, data: { status: "deactivated" } });
  return { kase, lead, assignee, coordinator, bystander, inactiveLead, outsider };
}

/** "who:key" of every notification of a deadline, sorted; `who` named by the team's keys. */
async function notificationsOf(deadlineId: string, team: Team): Promise<string[]> {
  const db = await getDb();
  const names = new Map(Object.entries(team).flatMap(([name, v]) => ("actor" in v ? [[v.actor.userId, name] as const] : [])));
  const rows = await db.notification.findMany({ where: { deadlineId }, select: { userId: true, key: true } });
  return rows.map((r) => `${names.get(r.userId) ?? "?"}:${r.key}`).sort();
}

/** Rows inserted by ticks at exactly `now` (ticks write their clock as createdAt), all deadlines. */
async function rowsCreatedAt(now: Date): Promise<number> {
  const db = await getDb();
  return db.notification.count({ where: { createdAt: now } });
}

const sum = (counts: TickCounts[]) => counts.reduce((n, c) => n + c.created, 0);

/** Two ticks at once, in this process; together they insert each owed row once. */
async function concurrentTicks(now: Date): Promise<void> {
  const results = await Promise.all([runReminderTick(now), runReminderTick(now)]);
  expect(sum(results)).toBe(await rowsCreatedAt(now));
}

function tickProcess(now: Date): Promise<TickCounts> {
  return promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["--tsconfig", "scripts/tsconfig.json", "scripts/reminders-tick.ts", `--now=${now.toISOString()}`], {
    cwd: root,
    env: { ...process.env, SMTP_URL: "" },
  }).then(({ stdout }) => JSON.parse(stdout.trim().split("\n").pop() ?? "") as TickCounts);
}

describe(`deadline reminders (${kind})`, () => {
  it("one notification per threshold to the assignee and each active lead, none to anyone else", async () => {
    const team = await newTeam();
    const dueAt = new Date("2031-03-20T09:00:00.000Z");
    const deadlineId = await insertTestDeadline(team.kase, { dueAt, assignee: team.assignee });
    const iso = dueAt.toISOString();
    const expected: string[] = [];

    expect(await notificationsOf(deadlineId, team)).toEqual([]);
    await runReminderTick(new Date(dueAt.getTime() - 14 * DAY - 1));
    expect(await notificationsOf(deadlineId, team)).toEqual([]);

    for (const [threshold, before] of [["d14", 14 * DAY], ["d7", 7 * DAY], ["d3", 3 * DAY], ["d1", DAY], ["due", 0]] as const) {
      const now = new Date(dueAt.getTime() - before);
      await concurrentTicks(now);
      expected.push(`assignee:${threshold}@${iso}`, `lead:${threshold}@${iso}`);
      expect(await notificationsOf(deadlineId, team)).toEqual([...expected].sort());
      // Later ticks before the next threshold, and a "restart" (the database reopened), add nothing.
      await runReminderTick(new Date(now.getTime() + HOUR));
      await closeDb();
      await runReminderTick(new Date(now.getTime() + 2 * HOUR));
      expect(await notificationsOf(deadlineId, team)).toEqual([...expected].sort());
    }
  });

  it("the tick honours the organisation's reminder days, also beyond the default 14; other organisations keep theirs", async () => {
    const ownOrg = await newOrg();
    const db = await getDb();
    await db.organisation.update({ where: { id: ownOrg }, data: { reminderDays: [30, 5] } });
    const team = await newTeam(ownOrg);
    const other = await newTeam();
    const dueAt = new Date("2031-06-20T09:00:00.000Z");
    const iso = dueAt.toISOString();
    const deadlineId = await insertTestDeadline(team.kase, { dueAt, scheduledAt: new Date(dueAt.getTime() - 60 * DAY), assignee: team.assignee });
    const otherId = await insertTestDeadline(other.kase, { dueAt, scheduledAt: new Date(dueAt.getTime() - 60 * DAY), assignee: other.assignee });

    await runReminderTick(new Date(dueAt.getTime() - 30 * DAY - 1));
    expect(await notificationsOf(deadlineId, team)).toEqual([]);
    await runReminderTick(new Date(dueAt.getTime() - 30 * DAY));
    expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d30@${iso}`, `lead:d30@${iso}`]);
    expect(await notificationsOf(otherId, other)).toEqual([]);
    // 14, 7 days: not this organisation's days; the other one's reminders arrive.
    for (const before of [14 * DAY, 7 * DAY]) await runReminderTick(new Date(dueAt.getTime() - before));
    expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d30@${iso}`, `lead:d30@${iso}`]);
    expect(await notificationsOf(otherId, other)).toEqual([`assignee:d14@${iso}`, `assignee:d7@${iso}`, `lead:d14@${iso}`, `lead:d7@${iso}`]);
    for (const before of [5 * DAY, 3 * DAY, DAY, 0]) await runReminderTick(new Date(dueAt.getTime() - before));
    expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d30@${iso}`, `assignee:d5@${iso}`, `lead:d30@${iso}`, `lead:d5@${iso}`]);
  });

  it("a scheduler that was down sends only the latest reminder, not the ones it missed", async () => {
    const team = await newTeam();
    const dueAt = new Date("2031-04-20T09:00:00.000Z");
    const deadlineId = await insertTestDeadline(team.kase, { dueAt, assignee: team.assignee });
    await runReminderTick(new Date(dueAt.getTime() - 2 * DAY));
    expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d3@${dueAt.toISOString()}`, `lead:d3@${dueAt.toISOString()}`]);
  });

  it("a moved deadline gets fresh reminders; one entered late gets no burst", async () => {
    const team = await newTeam();
    const dueAt = new Date("2031-05-20T09:00:00.000Z");
    const deadlineId = await insertTestDeadline(team.kase, { dueAt, scheduledAt: new Date(dueAt.getTime() - 2 * DAY), assignee: team.assignee });
    await runReminderTick(new Date(dueAt.getTime() - 2 * DAY + HOUR));
    expect(await notificationsOf(deadlineId, team)).toEqual([]);

    const db = await getDb();
    const movedAt = new Date(dueAt.getTime() - DAY);
    const newDue = new Date(dueAt.getTime() + 7 * DAY);
    await db.deadline.update({ where: { id: deadlineId }, data: { dueAt: newDue, scheduledAt: movedAt } });
    await runReminderTick(new Date(newDue.getTime() - 3 * DAY));
    expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d3@${newDue.toISOString()}`, `lead:d3@${newDue.toISOString()}`]);
  });

  it("overdue deadlines escalate to the case's coordinators once a day until resolved", async () => {
    const team = await newTeam();
    const dueAt = new Date("2031-06-10T09:00:00.000Z");
    const deadlineId = await insertTestDeadline(team.kase, { dueAt, assignee: team.assignee, scheduledAt: new Date(dueAt.getTime() - HOUR) });
    const escalations = async () => (await notificationsOf(deadlineId, team)).filter((n) => n.includes(":overdue:"));

    await runReminderTick(new Date(dueAt.getTime() + DAY - 1));
    expect(await escalations()).toEqual([]);
    await concurrentTicks(new Date(dueAt.getTime() + DAY));
    await runReminderTick(new Date(dueAt.getTime() + DAY + 5 * HOUR));
    expect(await escalations()).toEqual(["coordinator:overdue:2031-06-11", "lead:overdue:2031-06-11"]);

    await concurrentTicks(new Date(dueAt.getTime() + 2 * DAY + HOUR));
    expect(await escalations()).toEqual(["coordinator:overdue:2031-06-11", "coordinator:overdue:2031-06-12", "lead:overdue:2031-06-11", "lead:overdue:2031-06-12"]);

    // Down for a day: the missed day is skipped, today's escalation is sent.
    await runReminderTick(new Date(dueAt.getTime() + 4 * DAY + HOUR));
    expect((await escalations()).filter((n) => n.startsWith("lead:"))).toEqual(["lead:overdue:2031-06-11", "lead:overdue:2031-06-12", "lead:overdue:2031-06-14"]);

    await setTestDeadlineStatus(deadlineId, "done", team.lead);
    const before = await notificationsOf(deadlineId, team);
    await runReminderTick(new Date(dueAt.getTime() + 6 * DAY + HOUR));
    await runReminderTick(new Date(dueAt.getTime() + 9 * DAY + HOUR));
    expect(await notificationsOf(deadlineId, team)).toEqual(before);
    // Neither the assignee, nor the caseworker, nor a coordinator off the team was ever escalated to.
    expect(before.filter((n) => n.includes(":overdue:") && !n.startsWith("lead:") && !n.startsWith("coordinator:"))).toEqual([]);
    expect(before.some((n) => /^(bystander|outsider|inactiveLead):/.test(n))).toBe(false);
  });

  // PGlite is one process's database: there the two schedulers run in one process.
  const separate = Boolean(process.env.DATABASE_URL);
  const tick = separate ? tickProcess : runReminderTick;
  it(
    `two schedulers at once (${separate ? "separate processes" : "one process"}), and another one later, create each notification once`,
    async () => {
      const team = await newTeam();
      const dueAt = new Date("2031-07-10T09:00:00.000Z");
      const deadlineId = await insertTestDeadline(team.kase, { dueAt, assignee: team.assignee });
      const now = new Date(dueAt.getTime() - 7 * DAY + 1234);
      const [a, b] = await Promise.all([tick(now), tick(now)]);
      expect(a.created + b.created).toBe(await rowsCreatedAt(now));
      const iso = dueAt.toISOString();
      expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d7@${iso}`, `lead:d7@${iso}`]);

      const later = await tick(new Date(now.getTime() + HOUR));
      expect(later.created).toBe(await rowsCreatedAt(new Date(now.getTime() + HOUR)));
      expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d7@${iso}`, `lead:d7@${iso}`]);
    },
    120_000,
  );
});

describe(`the notification centre (${kind})`, () => {
  it("lists my notifications with the case reference and kind, counts unread, marks read with an audit event of counts only", async () => {
    const team = await newTeam();
    const dueAt = new Date("2031-08-10T09:00:00.000Z");
    const deadlineId = await insertTestDeadline(team.kase, { dueAt, kind: "appeal", assignee: team.assignee });
    await runReminderTick(new Date(dueAt.getTime() - 3 * DAY));
    await runReminderTick(new Date(dueAt.getTime() - DAY));

    const me = team.assignee.actor;
    const mine = (await listMyNotifications(me, 50)).filter((n) => n.caseId === team.kase.caseId);
    expect(mine.map((n) => [n.reference, n.kind, n.notice, n.read])).toEqual([
      [team.kase.reference, "appeal", { type: "reminder", days: 1 }, false],
      [team.kase.reference, "appeal", { type: "reminder", days: 3 }, false],
    ]);
    expect(mine[0]?.dueAt).toBe(dueAt.toISOString());
    const unread = await unreadCount(me);
    expect(unread).toBeGreaterThanOrEqual(2);

    // Someone else's ids are ignored.
    expect(await markRead(team.lead.actor, [mine[0]!.id])).toEqual({ count: 0 });
    expect(await markRead(me, [mine[0]!.id])).toEqual({ count: 1 });
    expect(await unreadCount(me)).toBe(unread - 1);
    expect(await markRead(me, "all")).toEqual({ count: unread - 1 });
    expect(await unreadCount(me)).toBe(0);
    expect(await markRead(me, "all")).toEqual({ count: 0 });

    const db = await getDb();
    const events = await db.auditEvent.findMany({ where: { actorId: me.userId, action: "notification.read" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.data)).toEqual([
      { count: 1, all: false },
      { count: unread - 1, all: true },
    ]);
    expect(await caseEvents(team.kase.caseId, "notification.read")).toEqual([]);
    await expectAuditChainIntact();
    expect(deadlineId).toBeTruthy();
  });

  it("a member removed from the case no longer sees its notifications", async () => {
    const team = await newTeam();
    const dueAt = new Date("2031-09-10T09:00:00.000Z");
    const deadlineId = await insertTestDeadline(team.kase, { dueAt, assignee: team.assignee });
    await runReminderTick(new Date(dueAt.getTime() - DAY));
    const seen = async () => (await listMyNotifications(team.assignee.actor, 50)).filter((n) => n.caseId === team.kase.caseId).length;
    expect(await seen()).toBe(1);
    await removeTestMember(team.kase, team.assignee);
    expect(await seen()).toBe(0);
    // And the next threshold is not created for them (the lead still gets it).
    await runReminderTick(dueAt);
    const iso = dueAt.toISOString();
    expect(await notificationsOf(deadlineId, team)).toEqual([`assignee:d1@${iso}`, `lead:d1@${iso}`, `lead:due@${iso}`]);
  });
});
