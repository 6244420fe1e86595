import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import {
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SESSION_RETENTION_MS,
  createSession,
  revokeAllSessions,
  revokeSession,
  validateSession,
} from "./session-store";

const { kind } = withTestDatabase();

const T0 = new Date("2030-03-01T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;

async function newUser(status: "active" | "deactivated" = "active") {
  const db = await getDb();
  const org = await db.organisation.create({ data: { name: "Test NGO" } });
  return db.user.create({
    data: { orgId: org.id, email: `s-${randomUUID()}@example.org`, displayName: "Tester", role: "lawyer", status },
  });
}

async function open(userId: string, now = T0): Promise<string> {
  const db = await getDb();
  return db.$transaction((tx) => createSession(tx, userId, now));
}

async function lastSeen(id: string): Promise<number | undefined> {
  const db = await getDb();
  return (await db.session.findUnique({ where: { id } }))?.lastSeenAt.getTime();
}

describe(`sessions (${kind})`, () => {
  it("a later sign-in removes session records dead for over a day, and keeps the rest", async () => {
    const user = await newUser();
    const db = await getDb();
    const old = await open(user.id, T0);
    const revoked = await open(user.id, at(SESSION_ABSOLUTE_MS));
    await revokeSession(revoked, at(SESSION_ABSOLUTE_MS + MIN));
    const live = await open(user.id, at(SESSION_ABSOLUTE_MS + 2 * MIN));
    // A day after the first expired: it goes; the revoked one is not yet a day dead.
    await open(user.id, at(SESSION_ABSOLUTE_MS + SESSION_RETENTION_MS + MIN / 2));
    const left = (await db.session.findMany({ where: { userId: user.id } })).map((s) => s.id);
    expect(left).not.toContain(old);
    expect(left).toContain(revoked);
    expect(left).toContain(live);
  });

  it("turns a live session into the user's actor", async () => {
    const user = await newUser();
    const id = await open(user.id);
    expect(await validateSession(id, at(1000))).toEqual({ userId: user.id, orgId: user.orgId, role: "lawyer", sessionId: id });
    const db = await getDb();
    expect((await db.session.findUnique({ where: { id } }))?.expiresAt.getTime()).toBe(T0.getTime() + SESSION_ABSOLUTE_MS);
  });

  it("writes lastSeenAt at most once a minute and never backwards", async () => {
    const user = await newUser();
    const id = await open(user.id);
    await validateSession(id, at(30_000));
    expect(await lastSeen(id)).toBe(T0.getTime());
    await validateSession(id, at(MIN));
    expect(await lastSeen(id)).toBe(at(MIN).getTime());
    await validateSession(id, at(MIN + 59_000));
    expect(await lastSeen(id)).toBe(at(MIN).getTime());
    await Promise.all([validateSession(id, at(5 * MIN)), validateSession(id, at(4 * MIN))]);
    expect(await lastSeen(id)).toBe(at(5 * MIN).getTime());
  });

  it("ends after 30 idle minutes, but activity keeps it alive", async () => {
    const user = await newUser();
    const idle = await open(user.id);
    expect(await validateSession(idle, at(SESSION_IDLE_MS))).not.toBeNull(); // exactly 30 min: still fine
    const idle2 = await open(user.id);
    expect(await validateSession(idle2, at(SESSION_IDLE_MS + 1))).toBeNull();

    const busy = await open(user.id);
    for (let m = 20; m <= 200; m += 20) expect(await validateSession(busy, at(m * MIN))).not.toBeNull();
  });

  it("ends 12 hours after sign-in however active it is", async () => {
    const user = await newUser();
    const id = await open(user.id);
    for (let m = 25; m < 12 * 60; m += 25) expect(await validateSession(id, at(m * MIN))).not.toBeNull();
    expect(await validateSession(id, at(SESSION_ABSOLUTE_MS - 1))).not.toBeNull();
    expect(await validateSession(id, at(SESSION_ABSOLUTE_MS))).toBeNull();
  });

  it("ends when the organisation's session length has passed since sign-in, however active it is", async () => {
    const user = await newUser();
    const db = await getDb();
    await db.organisation.update({ where: { id: user.orgId }, data: { sessionHours: 2 } });
    const id = await open(user.id);
    for (let m = 25; m < 2 * 60; m += 25) expect(await validateSession(id, at(m * MIN))).not.toBeNull();
    expect(await validateSession(id, at(2 * 60 * MIN - 1))).not.toBeNull();
    expect(await validateSession(id, at(2 * 60 * MIN))).toBeNull();
    // The record's own expiry (12 h) is not what ended it.
    expect((await db.session.findUnique({ where: { id } }))?.expiresAt.getTime()).toBe(T0.getTime() + SESSION_ABSOLUTE_MS);
  });

  it("lowering the session length ends sessions already older than it at their next request; others carry on", async () => {
    const user = await newUser();
    const db = await getDb();
    const old = await open(user.id, T0);
    const young = await open(user.id, at(150 * MIN));
    for (let m = 20; m <= 160; m += 20) expect(await validateSession(old, at(m * MIN))).not.toBeNull();
    await db.organisation.update({ where: { id: user.orgId }, data: { sessionHours: 1 } });
    expect(await validateSession(old, at(161 * MIN))).toBeNull();
    expect(await validateSession(young, at(161 * MIN))).not.toBeNull();
    expect(await validateSession(young, at(210 * MIN))).toBeNull();
  });

  it("one organisation's session length does not touch another's sessions", async () => {
    const short = await newUser();
    const other = await newUser();
    const db = await getDb();
    await db.organisation.update({ where: { id: short.orgId }, data: { sessionHours: 1 } });
    const a = await open(short.id);
    const b = await open(other.id);
    for (let m = 20; m <= 60; m += 20) await validateSession(b, at(m * MIN));
    expect(await validateSession(a, at(60 * MIN))).toBeNull();
    expect(await validateSession(b, at(61 * MIN))).not.toBeNull();
  });

  it("ends on sign-out (revokeSession), and only that session", async () => {
    const user = await newUser();
    const a = await open(user.id);
    const b = await open(user.id);
    expect(await revokeSession(a, at(1000))).toBe(true);
    expect(await revokeSession(a, at(2000))).toBe(false); // already revoked
    expect(await validateSession(a, at(3000))).toBeNull();
    expect(await validateSession(b, at(3000))).not.toBeNull();
  });

  it("revokeAllSessions ends every session of that user and no one else's", async () => {
    const user = await newUser();
    const other = await newUser();
    const mine = [await open(user.id), await open(user.id)];
    const theirs = await open(other.id);
    const db = await getDb();
    expect(await db.$transaction((tx) => revokeAllSessions(tx, user.id, at(1000)))).toBe(2);
    for (const id of mine) expect(await validateSession(id, at(2000))).toBeNull();
    expect(await validateSession(theirs, at(2000))).not.toBeNull();
    expect(await db.$transaction((tx) => revokeAllSessions(tx, user.id, at(3000)))).toBe(0);
  });

  it("refuses the sessions of a deactivated user at once", async () => {
    const user = await newUser();
    const id = await open(user.id);
    expect(await validateSession(id, at(1000))).not.toBeNull();
    const db = await getDb();
    await db.user.update({ where: { id: user.id }, data: { status: "deactivated" } });
    expect(await validateSession(id, at(2000))).toBeNull();
  });

  it("returns null for unknown and malformed ids without a database error", async () => {
    expect(await validateSession(randomUUID(), T0)).toBeNull();
    expect(await validateSession("not-a-uuid", T0)).toBeNull();
    expect(await validateSession("", T0)).toBeNull();
    expect(await revokeSession("'; drop table", T0)).toBe(false);
  });
});
