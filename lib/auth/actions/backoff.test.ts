import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { BACKOFF_AFTER, BACKOFF_MAX_SECONDS, FAILURE_MEMORY_MS, accountKey, backoffSeconds, checkBackoff, clearFailures, recordFailure } from "./backoff";

const { kind } = withTestDatabase();
// Creating the embedded database takes seconds on a busy machine: in a hook, not in the first test.
beforeAll(async () => void (await getDb()));

const T0 = new Date("2030-03-01T10:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const fresh = () => accountKey(`u-${randomUUID()}@example.org`);

describe(`per-account back-off (${kind})`, () => {
  it("keys the account by the lower-cased email", () => {
    expect(accountKey("  Ana.Silva@Example.ORG ")).toBe("account:ana.silva@example.org");
  });

  it("is the documented schedule: nothing for 4 failures, then 1 s doubling, capped at 15 min", () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 14, 15].map(backoffSeconds)).toEqual([1, 2, 4, 8, 512, 900]);
    expect(backoffSeconds(16)).toBe(BACKOFF_MAX_SECONDS);
    expect(backoffSeconds(10_000)).toBe(BACKOFF_MAX_SECONDS);
  });

  it("makes the account wait after the 5th failure, doubling with each failure after a wait", async () => {
    const key = fresh();
    let now = T0;
    for (let i = 1; i < BACKOFF_AFTER; i++) {
      expect(await recordFailure(key, now)).toEqual({ failures: i, waitSeconds: 0 });
      expect(await checkBackoff(key, now)).toEqual({ waiting: false });
    }
    for (const wait of [1, 2, 4, 8]) {
      expect((await recordFailure(key, now)).waitSeconds).toBe(wait);
      expect(await checkBackoff(key, now)).toEqual({ waiting: true, retryAfterSeconds: wait });
      now = new Date(now.getTime() + wait * 1000);
      expect(await checkBackoff(key, now)).toEqual({ waiting: false });
    }
  });

  it("counts every one of 10 concurrent failures", async () => {
    const key = fresh();
    await Promise.all(Array.from({ length: 10 }, () => recordFailure(key, T0)));
    const row = await (await getDb()).signInBackoff.findUniqueOrThrow({ where: { key } });
    expect(row.failures).toBe(10);
    expect(row.waitUntil?.getTime()).toBe(T0.getTime() + backoffSeconds(10) * 1000);
  });

  it("forgets failures after a day without one; clearFailures forgets them at once", async () => {
    const key = fresh();
    for (let i = 0; i < BACKOFF_AFTER + 2; i++) await recordFailure(key, T0);
    expect(await recordFailure(key, later(FAILURE_MEMORY_MS + 1))).toEqual({ failures: 1, waitSeconds: 0 });
    for (let i = 0; i < BACKOFF_AFTER; i++) await recordFailure(key, later(FAILURE_MEMORY_MS + 2));
    await clearFailures(key);
    expect(await checkBackoff(key, later(FAILURE_MEMORY_MS + 2))).toEqual({ waiting: false });
    expect(await recordFailure(key, later(FAILURE_MEMORY_MS + 3))).toEqual({ failures: 1, waitSeconds: 0 });
  });

  it("keeps one account's back-off to that account", async () => {
    const a = fresh();
    for (let i = 0; i < BACKOFF_AFTER + 3; i++) await recordFailure(a, T0);
    expect(await checkBackoff(a, T0)).toMatchObject({ waiting: true });
    expect(await checkBackoff(fresh(), T0)).toEqual({ waiting: false });
  });
});
