import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSession, validateSession } from "@/lib/auth/actions/sessions";
import { hashAuthKey, verifyAuthKey } from "@/lib/auth/authkey-hash";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { changePassphrase } from "./actions";

withTestDatabase();

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

describe("changePassphrase", () => {
  async function userWithTwoSessions() {
    const db = await getDb();
    const org = await db.organisation.create({ data: { name: "Org" } });
    const authKey = randomBytes(32);
    const user = await db.user.create({
      data: { orgId: org.id, email: `${randomUUID()}@x.test`, displayName: "U", role: "lawyer", authKeyHash: await hashAuthKey(authKey) },
    });
    const now = new Date();
    const [here, elsewhere] = await db.$transaction(async (tx) => [await createSession(tx, user.id, now), await createSession(tx, user.id, now)]);
    return { user, authKey, here: here!, elsewhere: elsewhere! };
  }

  const change = (currentAuthKey: Uint8Array) => ({
    currentAuthKey: b64(currentAuthKey),
    kdf: { salt: b64(randomBytes(16)), opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 },
    authKey: b64(randomBytes(32)),
    accountKeyWrapped: b64(randomBytes(73)),
  });

  it("ends every other session of the user and keeps this one; the old authKey stops working", async () => {
    const { user, authKey, here, elsewhere } = await userWithTwoSessions();
    await changePassphrase({ userId: user.id, orgId: user.orgId, role: "lawyer", sessionId: here }, change(authKey));
    expect(await validateSession(here)).not.toBeNull();
    expect(await validateSession(elsewhere)).toBeNull();
    const stored = await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id }, omit: { authKeyHash: false } });
    expect(await verifyAuthKey(stored.authKeyHash!, authKey)).toBe(false);
  });

  it("with a wrong current passphrase changes nothing and ends no session", async () => {
    const { user, authKey, here, elsewhere } = await userWithTwoSessions();
    await expect(changePassphrase({ userId: user.id, orgId: user.orgId, role: "lawyer", sessionId: here }, change(randomBytes(32)))).rejects.toThrow(/passphrase.currentWrong/);
    expect(await validateSession(elsewhere)).not.toBeNull();
    const stored = await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id }, omit: { authKeyHash: false } });
    expect(await verifyAuthKey(stored.authKeyHash!, authKey)).toBe(true);
  });
});
