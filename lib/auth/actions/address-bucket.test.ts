import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { ADDRESS_BUCKET_CAPACITY, ADDRESS_REFILL_SECONDS, addressKey, returnAddressToken, takeAddressToken } from "./address-bucket";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-address-bucket-tests-0123456789";
const { kind } = withTestDatabase();
// Creating the embedded database takes seconds on a busy machine: in a hook, not in the first test.
beforeAll(async () => void (await getDb()));

const T0 = new Date("2030-03-01T10:00:00.000Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const fresh = () => addressKey(`198.51.100.7#${randomUUID()}`);

describe(`per-address token bucket (${kind})`, () => {
  it("stores an HMAC of the address, never the address", () => {
    const key = addressKey("203.0.113.7");
    expect(key).toMatch(/^ip:[0-9a-f]{64}$/);
    expect(key).not.toContain("203.0.113.7");
    expect(addressKey("203.0.113.7")).toBe(key);
    expect(addressKey("203.0.113.8")).not.toBe(key);
  });

  it("allows a burst of CAPACITY attempts, refuses the next with the wait, and another address is unaffected", async () => {
    const key = fresh();
    for (let i = 0; i < ADDRESS_BUCKET_CAPACITY; i++) expect(await takeAddressToken(key, T0)).toEqual({ ok: true });
    expect(await takeAddressToken(key, T0)).toEqual({ ok: false, retryAfterSeconds: ADDRESS_REFILL_SECONDS });
    expect(await takeAddressToken(key, later(5_000))).toEqual({ ok: false, retryAfterSeconds: ADDRESS_REFILL_SECONDS - 5 });
    expect(await takeAddressToken(fresh(), T0)).toEqual({ ok: true });
    // One token per refill period comes back, never more than the capacity.
    expect(await takeAddressToken(key, later(ADDRESS_REFILL_SECONDS * 1000))).toEqual({ ok: true });
    expect(await takeAddressToken(key, later(ADDRESS_REFILL_SECONDS * 1000))).toMatchObject({ ok: false });
  });

  it("never overdraws under 50 concurrent takes", async () => {
    const key = fresh();
    const results = await Promise.all(Array.from({ length: 50 }, () => takeAddressToken(key, T0)));
    expect(results.filter((r) => r.ok)).toHaveLength(ADDRESS_BUCKET_CAPACITY);
  });

  it("gives a token back after a success, up to the capacity", async () => {
    const key = fresh();
    for (let i = 0; i < ADDRESS_BUCKET_CAPACITY; i++) await takeAddressToken(key, T0);
    await returnAddressToken(key);
    expect(await takeAddressToken(key, T0)).toEqual({ ok: true });
    expect(await takeAddressToken(key, T0)).toMatchObject({ ok: false });
    const full = fresh();
    await takeAddressToken(full, T0);
    for (let i = 0; i < 5; i++) await returnAddressToken(full);
    for (let i = 0; i < ADDRESS_BUCKET_CAPACITY; i++) expect(await takeAddressToken(full, T0)).toEqual({ ok: true });
    expect(await takeAddressToken(full, T0)).toMatchObject({ ok: false });
  });
});
