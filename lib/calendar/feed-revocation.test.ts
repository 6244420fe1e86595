import { beforeAll, describe, expect, it } from "vitest";
import { endSessionsOnSignOut, quickExit } from "@/lib/auth/actions/sign-out";
import { getDb } from "@/lib/db/client";
import { newOrg, newUser, type TestUser } from "@/lib/testing/case-fixtures";
import { withTestDatabase } from "@/lib/testing/test-db";
import { resetAccount, setUserActive } from "@/lib/users/actions";
import { createFeed } from "./actions";
import { hashFeedToken } from "./feed-token";
import { feedDeadlines } from "./queries";

// A feed URL is a credential that outlives sessions. Whatever ends a user's
// access — an admin reset, deactivation, quick exit — ends the feed with it,
// for good: reactivating the account does not bring an old URL back.

const { kind } = withTestDatabase();

let orgId: string;
let admin: TestUser;

beforeAll(async () => {
  orgId = await newOrg();
  admin = await newUser(orgId, "admin");
});

const live = async (token: string) => (await feedDeadlines(hashFeedToken(token))) !== null;

async function revocations(userId: string) {
  const db = await getDb();
  const feeds = await db.calendarFeed.findMany({ where: { userId }, select: { id: true } });
  const events = await db.auditEvent.findMany({ where: { action: "calendar.feed_revoked" }, orderBy: { seq: "asc" } });
  return events.filter((e) => feeds.some((f) => (e.data as { feedId?: string }).feedId === f.id)).map((e) => ({ actorId: e.actorId, data: e.data }));
}

describe(`calendar feeds end with access (${kind})`, () => {
  it("an admin reset revokes the feed", async () => {
    const user = await newUser(orgId, "lawyer");
    const { token } = await createFeed(user.actor);
    expect(await live(token)).toBe(true);
    await resetAccount(admin.actor, user.actor.userId);
    expect(await live(token)).toBe(false);
    expect(await revocations(user.actor.userId)).toEqual([{ actorId: admin.actor.userId, data: { feedId: expect.any(String), cause: "user.reset" } }]);
  });

  it("deactivation revokes the feed, and reactivation does not bring it back", async () => {
    const user = await newUser(orgId, "caseworker");
    const { token } = await createFeed(user.actor);
    await setUserActive(admin.actor, user.actor.userId, false);
    expect(await live(token)).toBe(false);
    await setUserActive(admin.actor, user.actor.userId, true);
    expect(await live(token)).toBe(false);
    expect(await revocations(user.actor.userId)).toEqual([{ actorId: admin.actor.userId, data: { feedId: expect.any(String), cause: "user.deactivated" } }]);
  });

  it("quick exit revokes the feed; an ordinary sign-out keeps it", async () => {
    const user = await newUser(orgId, "coordinator");
    const { token } = await createFeed(user.actor);
    await endSessionsOnSignOut(user.actor.userId);
    expect(await live(token)).toBe(true);
    await quickExit(user.actor.userId);
    expect(await live(token)).toBe(false);
    expect(await revocations(user.actor.userId)).toEqual([{ actorId: user.actor.userId, data: { feedId: expect.any(String), cause: "auth.quick_exit" } }]);
  });

  it("ending access for someone without a feed changes nothing else", async () => {
    const user = await newUser(orgId, "lawyer");
    const other = await newUser(orgId, "lawyer");
    const { token } = await createFeed(other.actor);
    await quickExit(user.actor.userId);
    await setUserActive(admin.actor, user.actor.userId, false);
    expect(await live(token)).toBe(true);
  });
});
