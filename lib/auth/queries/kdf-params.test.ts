import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { DEFAULT_KDF_MEM_LIMIT, DEFAULT_KDF_OPS_LIMIT, getKdfParams } from "./kdf-params";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-kdf-params-tests-0123456789";
const { kind } = withTestDatabase();

const email = () => `k-${randomUUID()}@example.org`;

async function newUser(address: string, keys: { salt: Buffer; opsLimit: number; memLimit: number } | null) {
  const db = await getDb();
  const org = await db.organisation.create({ data: { name: "Test NGO" } });
  return db.user.create({
    data: {
      orgId: org.id,
      email: address,
      displayName: "Tester",
      role: "caseworker",
      ...(keys ? { kdfSalt: new Uint8Array(keys.salt), kdfOpsLimit: keys.opsLimit, kdfMemLimit: keys.memLimit } : {}),
    },
  });
}

describe(`getKdfParams (${kind})`, () => {
  it("answers an unknown email with a stable fake: 16-byte salt, default parameters", async () => {
    const address = email();
    const first = await getKdfParams(address);
    expect(first).toEqual({ salt: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), opsLimit: 3, memLimitBytes: 67108864 });
    expect(Buffer.from(first.salt, "base64url")).toHaveLength(16);
    expect(DEFAULT_KDF_OPS_LIMIT).toBe(3);
    expect(DEFAULT_KDF_MEM_LIMIT).toBe(67108864);
    expect(await getKdfParams(address)).toEqual(first);
    expect(await getKdfParams(`  ${address.toUpperCase()} `)).toEqual(first); // same account, same answer
    expect((await getKdfParams(email())).salt).not.toBe(first.salt);
  });

  it("answers a real account with its own salt and parameters", async () => {
    const address = email();
    const salt = randomBytes(16);
    await newUser(address, { salt, opsLimit: 4, memLimit: 128 * 1024 * 1024 });
    expect(await getKdfParams(address)).toEqual({ salt: salt.toString("base64url"), opsLimit: 4, memLimitBytes: 134217728 });
  });

  it("answers an account without keys (invited, not enrolled) like an unknown email", async () => {
    const address = email();
    const before = await getKdfParams(address);
    await newUser(address, null);
    expect(await getKdfParams(address)).toEqual(before);
  });
});
