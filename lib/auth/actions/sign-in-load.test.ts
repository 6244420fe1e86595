import { randomBytes, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { withTestDatabase } from "@/lib/testing/test-db";
import { ARGON2_MAX_WAIT_MS, argon2Gate } from "../authkey-hash";
import { SignInError, verifySignIn } from "./sign-in";

// The Argon2 cap under attack: 50 wrong sign-ins at once, each from its own
// address for its own email (the bucket and the back-off do not stop them;
// only the gate does). THE BOUND: the process's resident memory grows by
// less than 150 MiB while they run (without the gate, 50 hashes of 19 MiB
// could ask for ~950 MiB at once). Measured on the 2-core CI machine.

process.env.NEXTAUTH_SECRET ??= "test-secret-for-sign-in-load-tests-0123456789";
const { kind } = withTestDatabase();
beforeAll(async () => void (await getDb()));

const RSS_GROWTH_BOUND_MIB = 150;
const ATTEMPTS = 50;

const wrongAttempt = (now: Date) =>
  verifySignIn(
    { email: `flood-${randomUUID()}@example.org`, authKey: randomBytes(32).toString("base64url"), totp: "123456", ip: `198.18.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}#${randomUUID()}` },
    now,
  ).then(
    () => "signed-in",
    (e: unknown) => e,
  );

describe(`the Argon2 gate under ${ATTEMPTS} parallel wrong sign-ins (${kind})`, () => {
  it("answers some 'busy' fast, never runs more than the cap at once, and keeps memory under the bound", async () => {
    await wrongAttempt(new Date()); // load the hasher and warm the database before measuring
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let runningPeak = 0;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      runningPeak = Math.max(runningPeak, argon2Gate().stats.running);
    }, 2);

    const now = new Date();
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: ATTEMPTS }, async () => {
        const result = await wrongAttempt(now);
        return { result, ms: Date.now() - started };
      }),
    );
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    const busy = outcomes.filter((o) => o.result instanceof SignInError && o.result.code === "busy");
    const invalid = outcomes.filter((o) => o.result instanceof SignInError && o.result.code === "invalid");
    const growthMiB = (rssPeak - rssBefore) / 2 ** 20;
    console.log(
      `[sign-in load] ${ATTEMPTS} attempts: ${invalid.length} checked (invalid), ${busy.length} busy; ` +
        `busy answered within ${Math.max(...busy.map((b) => b.ms))} ms; all done in ${Date.now() - started} ms; ` +
        `peak running hashes ${runningPeak}; RSS ${Math.round(rssBefore / 2 ** 20)} → peak ${Math.round(rssPeak / 2 ** 20)} MiB (+${growthMiB.toFixed(1)} MiB)`,
    );

    expect(invalid.length + busy.length).toBe(ATTEMPTS); // nothing else: no crash, no sign-in
    expect(busy.length).toBeGreaterThan(0);
    for (const b of busy) expect((b.result as SignInError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // "Fast": a busy answer never waits longer than the queue's limit, plus the
    // database work before the gate (seconds only on a machine at load 30).
    expect(Math.max(...busy.map((b) => b.ms))).toBeLessThan(ARGON2_MAX_WAIT_MS + 5_000);
    expect(runningPeak).toBeLessThanOrEqual(2);
    expect(growthMiB).toBeLessThan(RSS_GROWTH_BOUND_MIB);
  });
});
