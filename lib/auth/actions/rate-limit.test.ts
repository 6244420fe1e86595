import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import {
  ACCOUNT_LOCK_MS,
  ACCOUNT_MAX_FAILURES,
  FAILURE_WINDOW_MS,
  IP_MAX_FAILURES,
  checkLocked,
  clearFailures,
  rateLimitKeys,
  recordFailure,
} from "./rate-limit";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-rate-limit-tests-0123456789";
const { kind } = withTestDatabase();

const T0 = new Date("2030-03-01T10:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const fresh = () => rateLimitKeys({ email: `u-${randomUUID()}@example.org`, ip: `10.0.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}-${randomUUID()}` });

async function row(key: string) {
  const db = await getDb();
  return db.rateLimit.findUnique({ where: { key } });
}

describe(`rate limits (${kind})`, () => {
  it("keys the account by lower-cased email and the address by an HMAC, never the raw address", () => {
    const [account, ip] = rateLimitKeys({ email: "  Ana.Silva@Example.ORG ", ip: "203.0.113.7" });
    expect(account).toBe("account:ana.silva@example.org");
    expect(ip).toMatch(/^ip:[0-9a-f]{64}$/);
    expect(ip).not.toContain("203.0.113.7");
    expect(rateLimitKeys({ email: "x@y.z", ip: "203.0.113.7" })[1]).toBe(ip); // stable
    expect(rateLimitKeys({ email: "x@y.z", ip: "203.0.113.8" })[1]).not.toBe(ip);
  });

  it("limits only the account when the client address is unknown", () => {
    expect(rateLimitKeys({ email: "X@Y.z", ip: null })).toEqual(["account:x@y.z"]);
  });

  it("counts all of 10 concurrent failures and reports the lockout exactly once", async () => {
    const keys = fresh();
    const results = await Promise.all(Array.from({ length: 10 }, () => recordFailure(keys, T0)));
    expect((await row(keys[0]))?.failures).toBe(10);
    expect((await row(keys[1]!))?.failures).toBe(10);
    expect(results.filter((r) => r.includes("account"))).toHaveLength(1);
    expect(results.filter((r) => r.includes("ip"))).toHaveLength(0); // 10 < IP_MAX_FAILURES
    expect(await checkLocked(keys, T0)).toEqual({ locked: true, retryAfterSeconds: ACCOUNT_LOCK_MS / 1000 });
  });

  it("locks the account on the 5th failure and lifts the lock after the lock period", async () => {
    const keys = fresh();
    for (let i = 1; i < ACCOUNT_MAX_FAILURES; i++) {
      expect(await recordFailure(keys, later(i * 1000))).toEqual([]);
      expect(await checkLocked(keys, later(i * 1000))).toEqual({ locked: false });
    }
    const fifth = later(ACCOUNT_MAX_FAILURES * 1000);
    expect(await recordFailure(keys, fifth)).toEqual(["account"]);
    expect(await checkLocked(keys, new Date(fifth.getTime() + 60_000))).toEqual({
      locked: true,
      retryAfterSeconds: ACCOUNT_LOCK_MS / 1000 - 60,
    });
    const lifted = new Date(fifth.getTime() + ACCOUNT_LOCK_MS);
    expect(await checkLocked(keys, lifted)).toEqual({ locked: false });
    // After the lock, counting starts again from one.
    expect(await recordFailure(keys, lifted)).toEqual([]);
    expect((await row(keys[0]))?.failures).toBe(1);
    expect((await row(keys[0]))?.lockedUntil).toBeNull();
  });

  it("never extends an active lock", async () => {
    const keys = fresh();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await recordFailure(keys, T0);
    const until = (await row(keys[0]))?.lockedUntil?.getTime();
    expect(until).toBe(T0.getTime() + ACCOUNT_LOCK_MS);
    expect(await recordFailure(keys, later(10 * 60_000))).toEqual([]);
    expect((await row(keys[0]))?.lockedUntil?.getTime()).toBe(until);
  });

  it("forgets failures older than the window", async () => {
    const keys = fresh();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i++) await recordFailure(keys, T0);
    const next = later(FAILURE_WINDOW_MS);
    expect(await recordFailure(keys, next)).toEqual([]);
    const r = await row(keys[0]);
    expect(r?.failures).toBe(1);
    expect(r?.windowStart.getTime()).toBe(next.getTime());
    expect(await checkLocked(keys, next)).toEqual({ locked: false });
  });

  it("locks an address after 20 failures across different accounts", async () => {
    const ipKey = fresh()[1]!;
    const outcomes: string[][] = [];
    for (let i = 0; i < IP_MAX_FAILURES; i++) {
      outcomes.push(await recordFailure([rateLimitKeys({ email: `spray-${randomUUID()}@example.org`, ip: "x" })[0], ipKey], T0));
    }
    expect(outcomes.slice(0, -1).every((o) => o.length === 0)).toBe(true);
    expect(outcomes.at(-1)).toEqual(["ip"]);
    const anotherAccount = rateLimitKeys({ email: `new-${randomUUID()}@example.org`, ip: "x" })[0];
    expect(await checkLocked([anotherAccount, ipKey], T0)).toMatchObject({ locked: true });
  });

  it("clearFailures forgets an account's failures but keeps an active lock and never clears an address", async () => {
    const keys = fresh();
    await recordFailure(keys, T0);
    await clearFailures(keys[0], T0);
    expect(await row(keys[0])).toBeNull();
    expect((await row(keys[1]!))?.failures).toBe(1);

    const locked = fresh();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await recordFailure(locked, T0);
    await clearFailures(locked[0], T0);
    expect(await checkLocked(locked, T0)).toMatchObject({ locked: true });

    await expect(clearFailures(keys[1]!, T0)).rejects.toThrow(/account key/);
  });
});
