import { randomBytes, randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { withTestDatabase } from "@/lib/testing/test-db";
import { hashAuthKey } from "../authkey-hash";
import { newTotpSecret } from "../totp";
import { ADDRESS_BUCKET_CAPACITY, addressKey } from "./address-bucket";
import { BACKOFF_AFTER, BACKOFF_MAX_SECONDS, backoffSeconds } from "./backoff";
import { issueRecoveryCodes } from "./second-factor";
import { validateSession } from "../session-store";
import { SignInError, type SignInInput, verifySignIn } from "./sign-in";

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sign-in-tests-0123456789abc";
const { kind } = withTestDatabase();
beforeAll(async () => void (await getDb()));

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
    const secrets = [account.email, account.authKey, ip, addressKey(ip).slice(3)];
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

  it("backs off after 5 failures: during the wait even the right credentials from a fresh address are told to wait, then they work", async () => {
    const account = await newAccount();
    const before = await lastSeq();
    for (let i = 0; i < BACKOFF_AFTER; i++) {
      const error = await refusal(verifySignIn({ ...rightInput(account, T0), totp: wrongCode(account.totpSecret, T0) }, T0));
      expect(error.code).toBe("invalid");
    }
    const owner = await refusal(verifySignIn(rightInput(account, T0), T0));
    expect(owner.code).toBe("backoff");
    expect(owner.retryAfterSeconds).toBe(1);
    expect(owner.message).toContain("1 seconds");
    // An unknown email backs off the same way (no hint that an account exists).
    const ghost = `ghost-${randomUUID()}@example.org`;
    for (let i = 0; i < BACKOFF_AFTER; i++) await refusal(verifySignIn({ ...rightInput(account, T0), email: ghost }, T0));
    expect((await refusal(verifySignIn({ ...rightInput(account, T0), email: ghost }, T0))).code).toBe("backoff");

    const events = (await eventsSince(before)).filter((e) => e.actorId === account.id);
    expect(events.map((e) => e.action)).toEqual([...Array<string>(BACKOFF_AFTER).fill("auth.sign_in_failed"), "auth.backoff_started", "auth.sign_in_failed"]);
    expect(events[BACKOFF_AFTER]?.data).toEqual({ waitSeconds: 1 });
    expect(events.at(-1)?.data).toEqual({ reason: "backoff" });

    const { sessionId } = await verifySignIn(rightInput(account, at(1000)), at(1000));
    expect(await validateSession(sessionId, at(1000))).not.toBeNull();
  });

  it("strangers cannot lock the owner out for long: after any number of their failures the owner waits at most 15 minutes", async () => {
    const account = await newAccount();
    let now = T0;
    // The worst case: an attacker (a new address each time) fails again the
    // moment every wait ends, 40 times, and hammers inside the waits too.
    for (let i = 1; i <= 40; i++) {
      await refusal(verifySignIn({ ...rightInput(account, now), authKey: randomBytes(32).toString("base64url") }, now));
      const wait = backoffSeconds(i);
      if (wait > 0) {
        const hammer = await refusal(verifySignIn({ ...rightInput(account, now), totp: wrongCode(account.totpSecret, now) }, new Date(now.getTime() + 500)));
        expect(hammer.code).toBe("backoff"); // refused unchecked, not counted: the wait does not grow
      }
      now = new Date(now.getTime() + wait * 1000);
    }
    const db = await getDb();
    expect((await db.signInBackoff.findUniqueOrThrow({ where: { key: `account:${account.email}` } })).failures).toBe(40);
    // The owner, right after the attacker's last failure, from their own address:
    const lastFailure = new Date(now.getTime() - BACKOFF_MAX_SECONDS * 1000);
    const told = await refusal(verifySignIn(rightInput(account, lastFailure), lastFailure));
    expect(told.code).toBe("backoff");
    expect(told.retryAfterSeconds).toBeLessThanOrEqual(BACKOFF_MAX_SECONDS);
    const after = new Date(lastFailure.getTime() + told.retryAfterSeconds! * 1000);
    const { sessionId } = await verifySignIn(rightInput(account, after), after);
    expect(await validateSession(sessionId, after)).not.toBeNull();
    // …and the success forgets every failure.
    expect(await db.signInBackoff.findUnique({ where: { key: `account:${account.email}` } })).toBeNull();
  });

  it("refuses an address after a burst of failures across accounts ('throttled', before any check); another address is unaffected", async () => {
    const account = await newAccount();
    const ip = uniqueIp();
    for (let i = 0; i < ADDRESS_BUCKET_CAPACITY; i++) {
      expect((await refusal(verifySignIn({ ...rightInput(account, T0, ip), email: `spray-${randomUUID()}@example.org` }, T0))).code).toBe("invalid");
    }
    const throttled = await refusal(verifySignIn(rightInput(account, T0, ip), T0));
    expect(throttled.code).toBe("throttled");
    expect(throttled.retryAfterSeconds).toBeGreaterThan(0);
    // The right credentials from another address work at the same instant.
    await verifySignIn(rightInput(account, T0, uniqueIp()), T0);
  });

  it("gives a good sign-in's token back: an office's successful sign-ins never use up its address", async () => {
    const account = await newAccount();
    const ip = uniqueIp();
    for (let i = 0; i < ADDRESS_BUCKET_CAPACITY + 5; i++) {
      const when = at(i * 30_000); // a fresh TOTP step each time
      await verifySignIn(rightInput(account, when, ip), when);
    }
  });

  it("clears the account's failures after a successful sign-in", async () => {
    const account = await newAccount();
    for (let i = 0; i < BACKOFF_AFTER - 1; i++) {
      await refusal(verifySignIn({ ...rightInput(account, T0), totp: wrongCode(account.totpSecret, T0) }, T0));
    }
    await verifySignIn(rightInput(account, T0), T0);
    const db = await getDb();
    expect(await db.signInBackoff.findUnique({ where: { key: `account:${account.email}` } })).toBeNull();
    // A fresh allowance: four more failures do not back off.
    const next = at(30_000);
    for (let i = 0; i < BACKOFF_AFTER - 1; i++) {
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

  it("counts every one of 10 simultaneous failures (or refuses it as backing off)", async () => {
    const account = await newAccount();
    const ip = uniqueIp();
    const bad = { ...rightInput(account, T0, ip), totp: wrongCode(account.totpSecret, T0) };
    const errors = await Promise.all(Array.from({ length: 10 }, () => refusal(verifySignIn(bad, T0))));
    const db = await getDb();
    const counted = (await db.signInBackoff.findUniqueOrThrow({ where: { key: `account:${account.email}` } })).failures;
    const refusedAsWaiting = errors.filter((e) => e.code === "backoff").length;
    // Whatever the interleaving: none lost, and at least the threshold was reached.
    expect(counted + refusedAsWaiting).toBe(10);
    expect(counted).toBeGreaterThanOrEqual(BACKOFF_AFTER);
    const started = await db.auditEvent.count({ where: { actorId: account.id, action: "auth.backoff_started" } });
    expect(started).toBe(1);
  });

  it("rejects malformed requests as invalid_input without counting them", async () => {
    const account = await newAccount();
    const good = rightInput(account, T0);
    const malformed: SignInInput[] = [
      { ...good, authKey: "short" },
      { ...good, authKey: `${good.authKey}=` },
      // 43 characters of the alphabet, but the last one sets a trailing bit: Node's decoder read it as a (wrong) key.
      { ...good, authKey: `${good.authKey.slice(0, -1)}B` },
      { ...good, authKey: `${good.authKey.slice(0, -1)}+` },
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
    expect(await db.signInBackoff.findUnique({ where: { key: `account:${account.email}` } })).toBeNull();
  });

  it("takes a recovery code instead of the TOTP code, once; using it is an audit event with ids only", async () => {
    const account = await newAccount();
    const other = await newAccount();
    const db = await getDb();
    const [codes, otherCodes] = await db.$transaction(async (tx) => [await issueRecoveryCodes(tx, account.id), await issueRecoveryCodes(tx, other.id)]);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    // Only hashes are stored.
    const stored = JSON.stringify(await db.recoveryCode.findMany({ where: { userId: account.id } }));
    for (const code of codes) expect(stored).not.toContain(code.replace(/-/g, ""));

    // Another account's code is no code here.
    expect((await refusal(verifySignIn({ ...rightInput(account, T0), totp: otherCodes[0]! }, T0))).code).toBe("invalid");

    const before = await lastSeq();
    const typed = codes[3]!.toLowerCase().replace(/-/g, " "); // case and separators do not matter
    const { userId } = await verifySignIn({ ...rightInput(account, T0), totp: typed }, T0);
    expect(userId).toBe(account.id);
    const used = await db.recoveryCode.findFirstOrThrow({ where: { userId: account.id, usedAt: { not: null } } });
    const events = await eventsSince(before);
    expect(events.map((e) => [e.action, e.actorId, e.data])).toEqual([
      ["auth.recovery_code_used", account.id, { recoveryCodeId: used.id }],
      ["auth.sign_in", account.id, { factor: "recovery" }],
    ]);

    // The same code a second time: refused like any wrong code.
    expect((await refusal(verifySignIn({ ...rightInput(account, at(60_000)), totp: codes[3]! }, at(60_000)))).code).toBe("invalid");
    expect(await db.recoveryCode.count({ where: { userId: account.id, usedAt: null } })).toBe(9);
    // Two requests racing with one code: one session.
    const race = await Promise.allSettled([verifySignIn({ ...rightInput(account, T0), totp: codes[5]! }, T0), verifySignIn({ ...rightInput(account, T0), totp: codes[5]! }, T0)]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { actorId: account.id, action: "auth.recovery_code_used" } })).toBe(2);
  });
});
