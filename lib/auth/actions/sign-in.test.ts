import { randomBytes, randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { withTestDatabase } from "@/lib/testing/test-db";
import { hashAuthKey } from "../authkey-hash";
import { newTotpSecret } from "../totp";
import { ACCOUNT_LOCK_MS, ACCOUNT_MAX_FAILURES, rateLimitKeys } from "./rate-limit";
import { validateSession } from "./sessions";
import { SignInError, type SignInInput, verifySignIn } from "./sign-in";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sign-in-tests-0123456789abc";
const { kind } = withTestDatabase();

const T0 = new Date("2030-03-01T09:00:10.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

const codeAt = (secret: string, now: Date) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now.getTime() });
/** A six-digit code that is not valid for `now` ± 1 step. */
function wrongCode(secret: string, now: Date): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => codeAt(secret, new Date(now.getTime() + d))));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}
const uniqueIp = () => `198.51.100.${Math.floor(Math.random() * 250)}#${randomUUID()}`;

type Account = { id: string; orgId: string; email: string; authKey: string; totpSecret: string };

async function newAccount(options: { status?: "active" | "deactivated"; keys?: boolean } = {}): Promise<Account> {
  const db = await getDb();
  const org = await db.organisation.create({ data: { name: "Test NGO" } });
  const authKey = randomBytes(32);
  const totpSecret = newTotpSecret();
  const email = `si-${randomUUID()}@example.org`;
  const keys = options.keys ?? true;
  const user = await db.user.create({
    data: {
      orgId: org.id,
      email,
      displayName: "Tester",
      role: "caseworker",
      status: options.status ?? "active",
      ...(keys
        ? {
            kdfSalt: new Uint8Array(randomBytes(16)),
            kdfOpsLimit: 3,
            kdfMemLimit: 67108864,
            authKeyHash: await hashAuthKey(new Uint8Array(authKey)),
            totpSecret,
          }
        : {}),
    },
  });
  return { id: user.id, orgId: org.id, email, authKey: authKey.toString("base64url"), totpSecret };
}

function rightInput(account: Account, now: Date, ip = uniqueIp()): SignInInput {
  return { email: account.email, authKey: account.authKey, totp: codeAt(account.totpSecret, now), ip };
}

async function refusal(promise: Promise<unknown>): Promise<SignInError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignInError);
  return error as SignInError;
}

async function lastSeq(): Promise<bigint> {
  const db = await getDb();
  return (await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n;
}

async function eventsSince(seq: bigint) {
  const db = await getDb();
  return db.auditEvent.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
}

describe(`verifySignIn (${kind})`, () => {
  it("signs in with the right email, authKey and code, and the session is valid", async () => {
    const account = await newAccount();
    const before = await lastSeq();
    const { userId, sessionId } = await verifySignIn({ ...rightInput(account, T0), email: account.email.toUpperCase() }, T0);
    expect(userId).toBe(account.id);
    expect(await validateSession(sessionId, at(1000))).toEqual({ userId: account.id, orgId: account.orgId, role: "caseworker", sessionId });

    const db = await getDb();
    const user = await db.user.findUniqueOrThrow({ where: { id: account.id } });
    expect(user.lastSignInAt?.getTime()).toBe(T0.getTime());
    expect(user.totpLastStep).toBe(Math.floor(T0.getTime() / 30_000));
    const events = await eventsSince(before);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([["auth.sign_in", account.id]]);
    expect(JSON.stringify(events[0]?.data)).not.toContain(sessionId); // a bearer secret stays out of the log
  });

  it("gives the same 'invalid' for a wrong authKey, a wrong code, an unknown email, a deactivated or key-less account", async () => {
    const account = await newAccount();
    const deactivated = await newAccount({ status: "deactivated" });
    const keyless = await newAccount({ keys: false });
    const attempts: SignInInput[] = [
      { ...rightInput(account, T0), authKey: randomBytes(32).toString("base64url") },
      { ...rightInput(account, T0), totp: wrongCode(account.totpSecret, T0) },
      { ...rightInput(account, T0), email: `nobody-${randomUUID()}@example.org` },
      rightInput(deactivated, T0),
      { ...rightInput(keyless, T0), totp: "123456" },
    ];
    const errors = [];
    for (const attempt of attempts) errors.push(await refusal(verifySignIn(attempt, T0)));
    for (const error of errors) {
      expect(error.code).toBe("invalid");
      expect(error.message).toBe(errors[0]?.message);
      expect(error.retryAfterSeconds).toBeUndefined();
    }
  });

  it("writes one 'auth.sign_in_failed' per failure, with no email, key, code or address in it", async () => {
    const account = await newAccount();
    const ip = "203.0.113.99";
    const secrets = [account.email, account.authKey, ip, rateLimitKeys({ email: account.email, ip })[1]!.slice(3)];
    const before = await lastSeq();
    const badKey = randomBytes(32).toString("base64url");
    const badCode = wrongCode(account.totpSecret, T0);
    secrets.push(badKey, badCode, codeAt(account.totpSecret, T0));
    const unknown = `ghost-${randomUUID()}@example.org`;
    secrets.push(unknown);
    await refusal(verifySignIn({ ...rightInput(account, T0, ip), authKey: badKey }, T0));
    await refusal(verifySignIn({ ...rightInput(account, T0, ip), totp: badCode }, T0));
    await refusal(verifySignIn({ ...rightInput(account, T0, ip), email: unknown }, T0));

    const events = await eventsSince(before);
    expect(events.map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["auth.sign_in_failed", account.id, { reason: "credentials" }],
      ["auth.sign_in_failed", account.id, { reason: "credentials" }],
      ["auth.sign_in_failed", null, { reason: "credentials" }],
    ]);
    const dump = JSON.stringify(events, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    for (const secret of secrets) expect(dump.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it("locks after 5 failures: the 6th try fails as 'locked' even with the right credentials, and the lock lifts", async () => {
    const account = await newAccount();
    const ip = uniqueIp();
    const before = await lastSeq();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) {
      const error = await refusal(verifySignIn({ ...rightInput(account, T0, ip), totp: wrongCode(account.totpSecret, T0) }, T0));
      expect(error.code).toBe("invalid");
    }
    const sixth = at(60_000);
    const locked = await refusal(verifySignIn(rightInput(account, sixth, ip), sixth));
    expect(locked.code).toBe("locked");
    expect(locked.retryAfterSeconds).toBe(ACCOUNT_LOCK_MS / 1000 - 60);
    expect(locked.message).toContain(String(ACCOUNT_LOCK_MS / 1000 - 60));

    // From another address too: the lock is on the account.
    expect((await refusal(verifySignIn(rightInput(account, sixth), sixth))).code).toBe("locked");
    // An unknown email locks the same way (no hint that an account exists).
    const ghost = `ghost-${randomUUID()}@example.org`;
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await refusal(verifySignIn({ ...rightInput(account, T0), email: ghost }, T0));
    expect((await refusal(verifySignIn({ ...rightInput(account, T0), email: ghost }, T0))).code).toBe("locked");

    const events = (await eventsSince(before)).filter((e) => e.actorId === account.id);
    expect(events.map((e) => e.action)).toEqual([
      ...Array<string>(ACCOUNT_MAX_FAILURES).fill("auth.sign_in_failed"),
      "auth.locked_out",
      "auth.sign_in_failed",
      "auth.sign_in_failed",
    ]);
    expect(events[ACCOUNT_MAX_FAILURES]?.data).toEqual({ account: true, ip: false });
    expect(events.at(-1)?.data).toEqual({ reason: "locked" });

    const lifted = at(ACCOUNT_LOCK_MS + 1000);
    const { sessionId } = await verifySignIn(rightInput(account, lifted, ip), lifted);
    expect(await validateSession(sessionId, lifted)).not.toBeNull();
  });

  it("clears the account's failures after a successful sign-in", async () => {
    const account = await newAccount();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i++) {
      await refusal(verifySignIn({ ...rightInput(account, T0), totp: wrongCode(account.totpSecret, T0) }, T0));
    }
    await verifySignIn(rightInput(account, T0), T0);
    const db = await getDb();
    expect(await db.rateLimit.findUnique({ where: { key: `account:${account.email}` } })).toBeNull();
    // A fresh allowance: four more failures do not lock.
    const next = at(30_000);
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i++) {
      await refusal(verifySignIn({ ...rightInput(account, next), totp: wrongCode(account.totpSecret, next) }, next));
    }
    await verifySignIn(rightInput(account, at(60_000)), at(60_000));
  });

  it("refuses a code that was already used, and an older code after a newer one", async () => {
    const account = await newAccount();
    const input = rightInput(account, T0);
    await verifySignIn(input, T0);
    expect((await refusal(verifySignIn(input, at(5_000)))).code).toBe("invalid");
    // The next step's code works once…
    const next = at(30_000);
    await verifySignIn(rightInput(account, next), next);
    // …and the first code, still inside the ±1 window, stays refused.
    expect((await refusal(verifySignIn(input, next))).code).toBe("invalid");
  });

  it("lets only one of two simultaneous requests with the same code in", async () => {
    const account = await newAccount();
    const input = rightInput(account, T0);
    const results = await Promise.allSettled([verifySignIn(input, T0), verifySignIn(input, T0)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason instanceof SignInError && rejected.reason.code).toBe("invalid");
    const db = await getDb();
    expect(await db.session.count({ where: { userId: account.id } })).toBe(1);
  });

  it("counts every one of 10 simultaneous failures (or refuses it as locked)", async () => {
    const account = await newAccount();
    const ip = uniqueIp();
    const bad = { ...rightInput(account, T0, ip), totp: wrongCode(account.totpSecret, T0) };
    const errors = await Promise.all(Array.from({ length: 10 }, () => refusal(verifySignIn(bad, T0))));
    const db = await getDb();
    const counted = (await db.rateLimit.findUniqueOrThrow({ where: { key: `account:${account.email}` } })).failures;
    const refusedAsLocked = errors.filter((e) => e.code === "locked").length;
    // Whatever the interleaving: none lost, and at least the limit was reached.
    expect(counted + refusedAsLocked).toBe(10);
    expect(counted).toBeGreaterThanOrEqual(ACCOUNT_MAX_FAILURES);
    const lockouts = await db.auditEvent.count({ where: { actorId: account.id, action: "auth.locked_out" } });
    expect(lockouts).toBe(1);
  });

  it("rejects malformed requests as invalid_input without counting them", async () => {
    const account = await newAccount();
    const good = rightInput(account, T0);
    const malformed: SignInInput[] = [
      { ...good, authKey: "short" },
      { ...good, authKey: `${good.authKey}=` },
      { ...good, totp: "12345" },
      { ...good, email: "" },
      { ...good, ip: "" },
    ];
    for (const input of malformed) {
      const error = await verifySignIn(input, T0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("invalid_input");
    }
    const db = await getDb();
    expect(await db.rateLimit.findUnique({ where: { key: `account:${account.email}` } })).toBeNull();
  });
});
