import { beforeAll, describe, expect, it, vi } from "vitest";
import { createFeed, revokeFeed } from "@/lib/calendar/actions";
import { newTestDeadline } from "@/lib/testing/calendar-fixtures";
import { newOrg, newUser, openTestCase, type TestUser } from "@/lib/testing/case-fixtures";
import { callRoute } from "@/lib/testing/route-request";
import { withTestDatabase } from "@/lib/testing/test-db";
import { GET } from "./route";

// A calendar app has no session: the request carries no cookie at all (hoisted above the imports).
vi.mock("@/lib/auth/session", () => ({ getActor: async () => null }));

const { kind } = withTestDatabase();

let user: TestUser;

beforeAll(async () => {
  user = await newUser(await newOrg(), "coordinator");
});

const fetchFeed = (token: string) => callRoute(GET, `/api/calendar/${token}`, { token });

async function answer(response: Response) {
  return { status: response.status, type: response.headers.get("content-type"), cache: response.headers.get("cache-control"), body: await response.text() };
}

describe(`GET /api/calendar/[token] (${kind})`, () => {
  it("answers the feed without a session, as uncacheable text/calendar, without the deadline's sealed details", async () => {
    const kase = await openTestCase(user);
    const deadline = await newTestDeadline(kase, { kind: "appeal" });
    const { token } = await createFeed(user.actor);

    const response = await answer(await fetchFeed(token));
    expect(response).toMatchObject({ status: 200, type: "text/calendar; charset=utf-8", cache: "no-store" });
    expect(response.body).toContain("BEGIN:VCALENDAR");
    expect(response.body).toContain(`SUMMARY:Appeal — ${kase.reference}`);
    expect(response.body).not.toContain(deadline.marker);
    expect(response.body).not.toContain(deadline.sealed.contentSealed.slice(0, 40));
  });

  it("gives the same 404 for a malformed, an unknown and a revoked token", async () => {
    const { token } = await createFeed(user.actor);
    await revokeFeed(user.actor);
    const answers = await Promise.all(["not-a-token", "B".repeat(43), token].map(async (t) => answer(await fetchFeed(t))));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0]).toMatchObject({ status: 404, cache: "no-store" });
  });
});
