import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/policy";
import { runReminderTick } from "@/lib/notifications/actions";
import type { NotificationView } from "@/lib/notifications/schema";
import { daysFromNow, newTestDeadline } from "@/lib/testing/calendar-fixtures";
import { peopleOfNewOrg, openTestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { callRouteAs } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { GET as list } from "./route";
import { GET as unread } from "./unread/route";

// The bell's reads as GETs: a person's own notifications and unread count
// only, no-store; 401 signed out; the list's limit checked.

const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/lib/auth/session", () => ({ getActor: async () => session.actor }));

const { kind } = withTestDatabase();

let owner: TestUser;
let other: TestUser;

beforeAll(async () => {
  [owner, other] = await peopleOfNewOrg("coordinator", "coordinator");
  const kase = await openTestCase(owner);
  // Overdue and assigned to the owner: the tick owes them reminders.
  await newTestDeadline(kase, { dueAt: daysFromNow(-2), assignee: owner });
  await runReminderTick(new Date());
});

const get = (who: TestUser | null, handler: typeof list, query = "") => callRouteAs(session, who, handler, `/api/notifications${query}`, {});

describe(`GET /api/notifications and /unread (${kind})`, () => {
  it("gives a person their own notifications and unread count, uncacheable; another person none of them", async () => {
    const mine = await get(owner, list, "?limit=10");
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("no-store");
    const items = (await mine.json()) as NotificationView[];
    expect(items.length).toBeGreaterThan(0);
    const count = await get(owner, unread);
    expect(await count.json()).toEqual({ unread: items.length });
    expect(await (await get(other, list)).json()).toEqual([]);
    expect(await (await get(other, unread)).json()).toEqual({ unread: 0 });
  });

  it("limits the list as asked, and refuses a limit outside 1–50", async () => {
    expect(((await (await get(owner, list, "?limit=1")).json()) as unknown[]).length).toBe(1);
    for (const limit of ["0", "51", "x"]) {
      const response = await get(owner, list, `?limit=${limit}`);
      expect(response.status, limit).toBe(400);
      expect(await response.json()).toEqual({ error: "invalid_input", reason: "notifications.limit" });
    }
  });

  it("answers nobody signed in 401", async () => {
    expect((await get(null, list)).status).toBe(401);
    expect((await get(null, unread)).status).toBe(401);
  });
});
