import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { daysFromNow, newTestDeadline, type TestDeadline } from "@/lib/testing/calendar-fixtures";
import { addTestMember, expectAppError, expectAuditChainIntact, newOrg, newUser, openTestCase, removeTestMember } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { createFeed, revokeFeed } from "./actions";
import { hashFeedToken } from "./feed-token";
import { buildFeedCalendar } from "./ical";
import { feedDeadlines, myFeedStatus } from "./queries";

const { kind } = withTestDatabase();

let orgId: string;

beforeAll(async () => {
  orgId = await newOrg();
});

const feedOf = (token: string) => feedDeadlines(hashFeedToken(token));

async function feedIds(token: string): Promise<string[]> {
  const rows = await feedOf(token);
  if (!rows) throw new Error("expected a live feed");
  return rows.map((r) => r.id);
}

async function eventsOf(userId: string, action: string) {
  const db = await getDb();
  return db.auditEvent.findMany({ where: { actorId: userId, action }, orderBy: { seq: "asc" } });
}

/** Every spelling of a sealed record's bytes that could end up in a text body. */
function ciphertextSpellings(d: TestDeadline): string[] {
  const raw = Buffer.from(d.sealed.contentSealed, "base64url");
  // A 24-byte slice from the middle too, in case only part of it leaked.
  const slice = raw.subarray(24, 48);
  return [d.sealed.contentSealed, raw.toString("base64"), raw.toString("hex"), slice.toString("base64url"), slice.toString("base64"), slice.toString("hex")];
}

describe(`createFeed (${kind})`, () => {
  it("returns a token once and stores only its SHA-256", async () => {
    const user = await newUser(orgId, "lawyer");
    const { token } = await createFeed(user.actor);
    const db = await getDb();
    const rows = await db.calendarFeed.findMany({ where: { userId: user.actor.userId }, omit: { tokenHash: false } });
    const [feed] = rows;
    if (rows.length !== 1 || !feed) throw new Error("expected exactly one feed row");
    expect(Buffer.from(feed.tokenHash)).toEqual(createHash("sha256").update(token, "utf8").digest());
    // The raw token appears nowhere in the row, in any spelling of its bytes.
    const row = JSON.stringify(feed, (_k, v: unknown) => (v instanceof Uint8Array ? [Buffer.from(v).toString("utf8"), Buffer.from(v).toString("base64url"), Buffer.from(v).toString("hex")] : v));
    expect(row).not.toContain(token);
    expect(row).not.toContain(Buffer.from(token, "base64url").toString("hex"));
    const events = await eventsOf(user.actor.userId, "calendar.feed_created");
    expect(events.map((e) => e.data)).toEqual([{ feedId: feed.id }]);
  });

  it("a new feed revokes the previous one: the old token stops working, one feed stays active", async () => {
    const user = await newUser(orgId, "coordinator");
    const first = await createFeed(user.actor);
    const second = await createFeed(user.actor);
    expect(await feedOf(first.token)).toBeNull();
    expect(await feedOf(second.token)).toEqual([]);

    const db = await getDb();
    const feeds = await db.calendarFeed.findMany({ where: { userId: user.actor.userId } });
    expect(feeds.filter((f) => f.revokedAt === null)).toHaveLength(1);
    const [revoked] = await eventsOf(user.actor.userId, "calendar.feed_revoked");
    const old = feeds.find((f) => f.revokedAt !== null);
    const live = feeds.find((f) => f.revokedAt === null);
    expect(revoked).toMatchObject({ data: { feedId: old?.id, replacedBy: live?.id } });
  });

  it("two feeds created at once still leave exactly one active", async () => {
    const user = await newUser(orgId, "caseworker");
    await Promise.all([createFeed(user.actor), createFeed(user.actor)]);
    const db = await getDb();
    expect(await db.calendarFeed.count({ where: { userId: user.actor.userId, revokedAt: null } })).toBe(1);
  });
});

describe(`revokeFeed and myFeedStatus (${kind})`, () => {
  it("revoking makes the token unknown; revoking again is not_found", async () => {
    const user = await newUser(orgId, "lawyer");
    const { token } = await createFeed(user.actor);
    expect(await myFeedStatus(user.actor)).toMatchObject({ active: true, lastUsedAt: null });
    await revokeFeed(user.actor);
    expect(await feedOf(token)).toBeNull();
    expect(await myFeedStatus(user.actor)).toEqual({ active: false, createdAt: null, lastUsedAt: null });
    await expectAppError(revokeFeed(user.actor), "not_found");
    expect(await eventsOf(user.actor.userId, "calendar.feed_revoked")).toHaveLength(1);
  });

  it("an unknown token is null", async () => {
    expect(await feedOf("A".repeat(43))).toBeNull();
  });

  it("a deactivated owner's feed is null", async () => {
    const user = await newUser(orgId, "lawyer");
    const { token } = await createFeed(user.actor);
    const db = await getDb();
    await db.user.update({ where: { id: user.actor.userId }, data: { status: "deactivated" } });
    expect(await feedOf(token)).toBeNull();
  });
});

describe(`feedDeadlines (${kind})`, () => {
  it("lists the deadlines of the owner's cases, not of a case they are not on", async () => {
    const lead = await newUser(orgId, "coordinator");
    const stranger = await newUser(orgId, "coordinator");
    const mine = await openTestCase(lead);
    const theirs = await openTestCase(stranger);
    const a = await newTestDeadline(mine, { kind: "hearing" });
    const b = await newTestDeadline(mine, { kind: "appeal", dateOnly: true, assignee: lead });
    const foreign = await newTestDeadline(theirs);
    const { token } = await createFeed(lead.actor);

    const rows = await feedOf(token);
    expect(rows?.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(rows?.find((r) => r.id === b.id)).toMatchObject({ caseId: mine.caseId, reference: mine.reference, kind: "appeal", dateOnly: true, status: "open" });
    expect(rows?.map((r) => r.id)).not.toContain(foreign.id);
  });

  it("a member removed from a case no longer sees its deadlines", async () => {
    const lead = await newUser(orgId, "coordinator");
    const lawyer = await newUser(orgId, "lawyer");
    const kase = await openTestCase(lead);
    await addTestMember(kase, lawyer);
    const deadline = await newTestDeadline(kase);
    const { token } = await createFeed(lawyer.actor);
    expect(await feedIds(token)).toEqual([deadline.id]);

    await removeTestMember(kase, lawyer);
    expect(await feedIds(token)).toEqual([]);
  });

  it("shows open deadlines (overdue too) and recently finished ones; not cancelled or long-finished ones", async () => {
    const lead = await newUser(orgId, "coordinator");
    const kase = await openTestCase(lead);
    const upcoming = await newTestDeadline(kase, { dueAt: daysFromNow(3) });
    const overdue = await newTestDeadline(kase, { dueAt: daysFromNow(-60) });
    const recentlyDone = await newTestDeadline(kase, { dueAt: daysFromNow(-5), status: "done" });
    const recentlyMissed = await newTestDeadline(kase, { dueAt: daysFromNow(-2), status: "missed" });
    await newTestDeadline(kase, { dueAt: daysFromNow(-40), status: "done" });
    await newTestDeadline(kase, { dueAt: daysFromNow(10), status: "cancelled" });
    const { token } = await createFeed(lead.actor);

    expect(await feedIds(token)).toEqual([overdue.id, recentlyDone.id, recentlyMissed.id, upcoming.id]);
  });

  it("marks the feed used and records the read with ids and the count only", async () => {
    const lead = await newUser(orgId, "coordinator");
    const kase = await openTestCase(lead);
    const deadline = await newTestDeadline(kase);
    const { token } = await createFeed(lead.actor);
    await feedOf(token);

    const status = await myFeedStatus(lead.actor);
    expect(status.lastUsedAt).not.toBeNull();
    const reads = await eventsOf(lead.actor.userId, "calendar.feed_read");
    const db = await getDb();
    const feed = await db.calendarFeed.findFirstOrThrow({ where: { userId: lead.actor.userId } });
    expect(reads.map((e) => e.data)).toEqual([{ feedId: feed.id, count: 1 }]);
    expect(JSON.stringify(reads.map((e) => e.data))).not.toContain(deadline.marker);
  });

  it("the iCal text carries kind, reference and time — no title, court, notes or sealed bytes", async () => {
    const lead = await newUser(orgId, "coordinator");
    const kase = await openTestCase(lead);
    const timed = await newTestDeadline(kase, { kind: "hearing" });
    const dayOnly = await newTestDeadline(kase, { kind: "filing", dateOnly: true });
    const { token } = await createFeed(lead.actor);

    const text = buildFeedCalendar((await feedOf(token)) ?? [], { origin: "https://vault.example.org" });
    expect(text).toContain(`SUMMARY:Hearing — ${kase.reference}`);
    expect(text).toContain(`SUMMARY:Filing — ${kase.reference} (by end of day)`);
    expect(text).toContain(`UID:${timed.id}@casevault`);
    for (const d of [timed, dayOnly]) {
      expect(text).not.toContain(d.marker);
      for (const spelling of ciphertextSpellings(d)) expect(text).not.toContain(spelling);
    }
    expect(text).not.toContain(token);
    expect(text).not.toContain(lead.actor.userId);
  });

  it("leaves the audit chain intact", async () => {
    await expectAuditChainIntact();
  });
});
