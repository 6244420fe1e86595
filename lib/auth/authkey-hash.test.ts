import { randomBytes } from "node:crypto";
import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { AUTH_KEY_HASH_OPTIONS, DUMMY_AUTH_KEY_HASH, authKeyHashNeedsRehash, hashAuthKey, verifyAuthKey } from "./authkey-hash";

const key = () => new Uint8Array(randomBytes(32));

describe("authKey hash", () => {
  it("verifies the right key and refuses another", async () => {
    const authKey = key();
    const stored = await hashAuthKey(authKey);
    expect(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(await verifyAuthKey(stored, authKey)).toBe(true);
    const other = authKey.slice();
    other[0] = (other[0] ?? 0) ^ 1;
    expect(await verifyAuthKey(stored, other)).toBe(false);
  });

  it("salts: the same key hashes differently each time", async () => {
    const authKey = key();
    expect(await hashAuthKey(authKey)).not.toBe(await hashAuthKey(authKey));
  });

  it("accepts keys that are not valid UTF-8 (the reason keys are hashed as base64url)", async () => {
    const authKey = new Uint8Array(32).fill(0xff);
    expect(await verifyAuthKey(await hashAuthKey(authKey), authKey)).toBe(true);
  });

  it("refuses keys of the wrong length", async () => {
    await expect(hashAuthKey(new Uint8Array(31))).rejects.toThrow(/32 bytes/);
    await expect(verifyAuthKey(DUMMY_AUTH_KEY_HASH, new Uint8Array(33))).rejects.toThrow(/32 bytes/);
  });

  it("returns false for a malformed stored hash instead of throwing", async () => {
    expect(await verifyAuthKey("not a hash", key())).toBe(false);
  });

  it("keeps the dummy hash made with today's parameters, so it costs the same", async () => {
    const dummy = parseOptions(DUMMY_AUTH_KEY_HASH);
    expect(dummy).toMatchObject({
      algorithm: AUTH_KEY_HASH_OPTIONS.algorithm,
      memoryCost: AUTH_KEY_HASH_OPTIONS.memoryCost,
      timeCost: AUTH_KEY_HASH_OPTIONS.timeCost,
      parallelism: AUTH_KEY_HASH_OPTIONS.parallelism,
      outputLen: AUTH_KEY_HASH_OPTIONS.outputLen,
    });
    expect(authKeyHashNeedsRehash(DUMMY_AUTH_KEY_HASH)).toBe(false);
    expect(await verifyAuthKey(DUMMY_AUTH_KEY_HASH, key())).toBe(false);
  });

  it("flags hashes made with other parameters for rehash", () => {
    expect(authKeyHashNeedsRehash("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$" + "A".repeat(43))).toBe(true);
    expect(authKeyHashNeedsRehash("garbage")).toBe(true);
  });

  it("takes similar time for a real hash and the dummy (timing report)", async () => {
    const authKey = key();
    const stored = await hashAuthKey(authKey);
    const time = async (fn: () => Promise<unknown>) => {
      const runs = 10;
      const start = performance.now();
      for (let i = 0; i < runs; i++) await fn();
      return (performance.now() - start) / runs;
    };
    const hashMs = await time(() => hashAuthKey(authKey));
    const realMs = await time(() => verifyAuthKey(stored, authKey));
    const dummyMs = await time(() => verifyAuthKey(DUMMY_AUTH_KEY_HASH, authKey));
    console.info(`hashAuthKey ${hashMs.toFixed(1)} ms, verify real ${realMs.toFixed(1)} ms, verify dummy ${dummyMs.toFixed(1)} ms`);
    // Generous bound: the point is "same order", not a benchmark.
    expect(Math.abs(realMs - dummyMs)).toBeLessThan(Math.max(realMs, dummyMs));
  });
});
