import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { addTestMember, newOrg, newUser, openTestCase, profileWith } from "@/lib/testing/case-fixtures";
import { detailsWith, insertTestDeadline, setTestDeadlineStatus } from "@/lib/testing/deadline-fixtures";
import { withSmtpCapture, type CapturedMail } from "@/lib/testing/smtp-capture";
import { withTestDatabase } from "@/lib/testing/test-db";
import { runReminderTick } from "./actions";

const { kind } = withTestDatabase();
const DAY = 86_400_000;
const MINUTE = 60_000;
const smtp = withSmtpCapture();

/** The text part of a captured mail, decoded (nodemailer picks quoted-printable or base64 for Cyrillic). */
function bodyOf(mail: CapturedMail): string {
  const [head = "", ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

describe(`reminder mail (${kind})`, () => {
  it("mails the assignee and the lead once, naming the case reference and nothing from the deadline's details", async () => {
    const orgId = await newOrg();
    const lead = await newUser(orgId, "coordinator");
    const marker = `M${randomUUID().slice(0, 8)}`;
    const kase = await openTestCase(lead, profileWith(marker));
    const assignee = await newUser(orgId, "lawyer");
    const bystander = await newUser(orgId, "caseworker");
    await addTestMember(kase, assignee);
    await addTestMember(kase, bystander);
    const dueAt = new Date(Date.now() + 3 * DAY);
    const deadlineId = await insertTestDeadline(kase, { dueAt, kind: "hearing", assignee, details: detailsWith(marker) });
    const emailOf = (u: typeof lead) => `${u.actor.userId}@cases.test`;

    const now = new Date(dueAt.getTime() - 3 * DAY);
    // Two ticks at once: the outbox claim (FOR UPDATE SKIP LOCKED) gives each mail to one of them.
    const counts = await Promise.all([runReminderTick(now), runReminderTick(now)]);
    expect(counts.reduce((n, c) => n + c.mailed, 0)).toBeGreaterThanOrEqual(2);

    for (const user of [assignee, lead]) {
      const mails = mailsTo(emailOf(user));
      expect(mails).toHaveLength(1);
      const text = bodyOf(mails[0]!);
      expect(text).toContain(`You have a deadline (hearing) in 3 days in case ${kase.reference}.`);
      expect(text).toContain(`У вас срок (заседание) через 3 дня по делу ${kase.reference}.`);
      expect(text).toContain("https://cases.example.org");
      expect(mails[0]!.raw).not.toContain(marker);
      expect(text).not.toContain(marker);
      expect(text).not.toMatch(/Europe|Berlin|Court|Venue|Title|Notes|Test user/);
      expect(text).not.toContain(user.actor.userId); // the address is in the envelope only
    }
    expect(mailsTo(emailOf(bystander))).toHaveLength(0);

    const db = await getDb();
    const rows = await db.notification.findMany({ where: { deadlineId } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.mailWanted && r.mailSentAt?.getTime() === now.getTime())).toBe(true);

    // Later ticks send nothing again.
    await Promise.all([runReminderTick(new Date(now.getTime() + MINUTE)), runReminderTick(new Date(now.getTime() + MINUTE))]);
    await runReminderTick(new Date(now.getTime() + 20 * MINUTE));
    expect(mailsTo(emailOf(assignee))).toHaveLength(1);
    expect(mailsTo(emailOf(lead))).toHaveLength(1);
  });

  it("a claim left by a crashed sender is taken again after 10 minutes (at least once), not before", async () => {
    const orgId = await newOrg();
    const lead = await newUser(orgId, "coordinator");
    const kase = await openTestCase(lead);
    const dueAt = new Date(Date.now() + 7 * DAY);
    const deadlineId = await insertTestDeadline(kase, { dueAt, kind: "appeal" });
    const db = await getDb();
    const now = new Date(dueAt.getTime() - 7 * DAY);
    // A sender claimed the row at `now` and died before sending.
    await db.notification.create({ data: { userId: lead.actor.userId, deadlineId, key: `d7@${dueAt.toISOString()}`, at: now, createdAt: now, mailWanted: true, mailClaimedAt: now } });
    const email = `${lead.actor.userId}@cases.test`;

    await runReminderTick(new Date(now.getTime() + 9 * MINUTE));
    expect(mailsTo(email)).toHaveLength(0);
    await runReminderTick(new Date(now.getTime() + 11 * MINUTE));
    expect(mailsTo(email)).toHaveLength(1);
    expect(bodyOf(mailsTo(email)[0]!)).toContain(`You have a deadline (appeal) in 7 days in case ${kase.reference}.`);
  });

  it("no mail once the deadline is resolved or the user deactivated", async () => {
    const orgId = await newOrg();
    const lead = await newUser(orgId, "coordinator");
    const kase = await openTestCase(lead);
    const assignee = await newUser(orgId, "lawyer");
    await addTestMember(kase, assignee);
    const dueAt = new Date(Date.now() + 14 * DAY);
    const deadlineId = await insertTestDeadline(kase, { dueAt, assignee });
    const db = await getDb();
    const now = new Date(dueAt.getTime() - 14 * DAY);
    // Owed, but not yet mailed when the deadline was completed.
    await db.notification.createMany({
      data: [lead, assignee].map((u) => ({ userId: u.actor.userId, deadlineId, key: `d14@${dueAt.toISOString()}`, at: now, createdAt: now, mailWanted: true })),
    });
    await setTestDeadlineStatus(deadlineId, "done", lead);
    await db.user.update({ where: { id: assignee.actor.userId }, data: { status: "deactivated" } });
    await runReminderTick(new Date(now.getTime() + MINUTE));
    expect(mailsTo(`${lead.actor.userId}@cases.test`)).toHaveLength(0);
    expect(mailsTo(`${assignee.actor.userId}@cases.test`)).toHaveLength(0);
    expect((await db.notification.findMany({ where: { deadlineId } })).map((r) => r.mailWanted)).toEqual([false, false]);
  });

  it("with the organisation's reminder mail off the tick mails nothing, and the in-app reminders still come", async () => {
    const orgId = await newOrg();
    const db = await getDb();
    await db.organisation.update({ where: { id: orgId }, data: { reminderMail: false } });
    const lead = await newUser(orgId, "coordinator");
    const kase = await openTestCase(lead);
    const assignee = await newUser(orgId, "lawyer");
    await addTestMember(kase, assignee);
    const dueAt = new Date(Date.now() + 3 * DAY);
    const deadlineId = await insertTestDeadline(kase, { dueAt, assignee });
    const now = new Date(dueAt.getTime() - 3 * DAY);
    const counts = await runReminderTick(now);
    await runReminderTick(new Date(now.getTime() + 11 * MINUTE));
    expect(counts.mailed + counts.mailFailed).toBe(0);
    for (const user of [lead, assignee]) expect(mailsTo(`${user.actor.userId}@cases.test`)).toHaveLength(0);
    const rows = await db.notification.findMany({ where: { deadlineId } });
    expect(rows.map((r) => r.key)).toEqual([`d3@${dueAt.toISOString()}`, `d3@${dueAt.toISOString()}`]);
    expect(rows.every((r) => !r.mailWanted && r.mailSentAt === null)).toBe(true);
  });

  it("mail owed before an admin turned reminder mail off is not sent after", async () => {
    const orgId = await newOrg();
    const lead = await newUser(orgId, "coordinator");
    const kase = await openTestCase(lead);
    const dueAt = new Date(Date.now() + 7 * DAY);
    const deadlineId = await insertTestDeadline(kase, { dueAt });
    const db = await getDb();
    const now = new Date(dueAt.getTime() - 7 * DAY);
    await db.notification.create({ data: { userId: lead.actor.userId, deadlineId, key: `d7@${dueAt.toISOString()}`, at: now, createdAt: now, mailWanted: true } });
    await db.organisation.update({ where: { id: orgId }, data: { reminderMail: false } });
    await runReminderTick(new Date(now.getTime() + MINUTE));
    expect(mailsTo(`${lead.actor.userId}@cases.test`)).toHaveLength(0);
    expect((await db.notification.findMany({ where: { deadlineId } })).map((r) => [r.mailWanted, r.mailSentAt])).toEqual([[false, null]]);
  });
});
