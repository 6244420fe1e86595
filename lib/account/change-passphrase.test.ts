import { randomBytes, randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { BACKOFF_AFTER } from "@/lib/auth/actions/backoff";
import { issueRecoveryCodes } from "@/lib/auth/actions/second-factor";
import { createSession, validateSession } from "@/lib/auth/session-store";
import { hashAuthKey, verifyAuthKey } from "@/lib/auth/authkey-hash";
import { newTotpSecret } from "@/lib/auth/totp";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { withTestDatabase } from "@/lib/testing/test-db";
import { changePassphrase, regenerateRecoveryCodes } from "./actions";

withTestDatabase();
beforeAll(async () => void (await getDb()));

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");
const T0 = new Date("2030-05-01T08:00:10.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const codeAt = (secret: string, now: Date) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now.getTime() });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("changePassphrase", () => {
  async function userWithTwoSessions() {
    const db = await getDb();
    const org = await db.organisation.create({ data: { name: "Org" } });
    const authKey = randomBytes(32);
    const totpSecret = newTotpSecret();
    const user = await db.user.create({
      data: { orgId: org.id, email: `${randomUUID()}@x.test`, displayName: "U", role: "lawyer", authKeyHash: await hashAuthKey(authKey), totpSecret },
    });
    const [here, elsewhere] = await db.$transaction(async (tx) => [await createSession(tx, user.id, T0), await createSession(tx, user.id, T0)]);
    const actor = { userId: user.id, orgId: user.orgId, role: "lawyer" as const, sessionId: here! };
    return { user, authKey, totpSecret, actor, here: here!, elsewhere: elsewhere! };
  }

  const change = (currentAuthKey: Uint8Array, secondFactor: string) => ({
    currentAuthKey: b64(currentAuthKey),
    secondFactor,
    kdf: { salt: b64(randomBytes(16)), opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 },
    authKey: b64(randomBytes(32)),
    accountKeyWrapped: b64(randomBytes(73)),
  });

  it("with the current passphrase and a TOTP code: ends every other session, keeps this one; the old authKey stops working", async () => {
    const { user, authKey, totpSecret, actor, here, elsewhere } = await userWithTwoSessions();
    await changePassphrase(actor, change(authKey, codeAt(totpSecret, T0)), T0);
    expect(await validateSession(here, at(1000))).not.toBeNull();
    expect(await validateSession(elsewhere, at(1000))).toBeNull();
    const stored = await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id }, omit: { authKeyHash: false } });
    expect(await verifyAuthKey(stored.authKeyHash!, authKey)).toBe(false);
    // The code is spent: the same code cannot be replayed for a second change.
    expect((await refusal(changePassphrase(actor, change(randomBytes(32), codeAt(totpSecret, T0)), T0))).message).toBe("reauth.wrong");
  });

  it("refuses the right passphrase without the right second factor (a stolen unlocked session is not enough)", async () => {
    const { user, authKey, actor, elsewhere } = await userWithTwoSessions();
    const error = await refusal(changePassphrase(actor, change(authKey, "000000"), T0));
    expect([error.code, error.message]).toEqual(["invalid_input", "reauth.wrong"]);
    expect(await validateSession(elsewhere, at(1000))).not.toBeNull();
    const stored = await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id }, omit: { authKeyHash: false } });
    expect(await verifyAuthKey(stored.authKeyHash!, authKey)).toBe(true);
  });

  it("counts wrong current passphrases in the account's back-off: the 6th try is told to wait, even when right", async () => {
    const { user, authKey, totpSecret, actor } = await userWithTwoSessions();
    for (let i = 0; i < BACKOFF_AFTER; i++) {
      expect((await refusal(changePassphrase(actor, change(randomBytes(32), codeAt(totpSecret, T0)), T0))).message).toBe("reauth.wrong");
    }
    const waiting = await refusal(changePassphrase(actor, change(authKey, codeAt(totpSecret, T0)), T0));
    expect([waiting.code, waiting.message, waiting.retryAfterSeconds]).toEqual(["rate_limited", "backoff", 1]);
    const db = await getDb();
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "auth.reauth_failed" } })).toBe(BACKOFF_AFTER);
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "auth.backoff_started" } })).toBe(1);
    // Sign-in shares the counter: it waits too.
    expect((await db.signInBackoff.findUniqueOrThrow({ where: { key: `account:${user.email}` } })).failures).toBe(BACKOFF_AFTER);
    // After the wait the right proof works and clears the counter.
    await changePassphrase(actor, change(authKey, codeAt(totpSecret, at(1000))), at(1000));
    expect(await db.signInBackoff.findUnique({ where: { key: `account:${user.email}` } })).toBeNull();
  });

  it("takes a recovery code as the second factor, once", async () => {
    const { user, authKey, actor } = await userWithTwoSessions();
    const db = await getDb();
    const codes = await db.$transaction((tx) => issueRecoveryCodes(tx, user.id));
    await changePassphrase(actor, change(authKey, codes[0]!), T0);
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "auth.recovery_code_used" } })).toBe(1);
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { authKeyHash: false } });
    expect(await verifyAuthKey(stored.authKeyHash!, authKey)).toBe(false);
  });
});

describe("regenerateRecoveryCodes", () => {
  it("needs the second factor, replaces every old code, and returns ten new ones", async () => {
    const db = await getDb();
    const org = await db.organisation.create({ data: { name: "Org" } });
    const totpSecret = newTotpSecret();
    const user = await db.user.create({ data: { orgId: org.id, email: `${randomUUID()}@x.test`, displayName: "U", role: "caseworker", totpSecret } });
    const actor = { userId: user.id, orgId: org.id, role: "caseworker" as const, sessionId: randomUUID() };
    const old = await db.$transaction((tx) => issueRecoveryCodes(tx, user.id));
    expect((await refusal(regenerateRecoveryCodes(actor, { secondFactor: "123456" }, T0))).message).toBe("reauth.wrong");
    const { recoveryCodes } = await regenerateRecoveryCodes(actor, { secondFactor: old[9]! }, T0);
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes.some((c) => old.includes(c))).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(10);
    // An old code no longer works.
    expect((await refusal(regenerateRecoveryCodes(actor, { secondFactor: old[0]! }, T0))).message).toBe("reauth.wrong");
    expect(await db.auditEvent.count({ where: { actorId: user.id, action: "auth.recovery_codes_issued" } })).toBe(1);
  });
});
