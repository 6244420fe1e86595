import { describe, expect, it } from "vitest";
import { Argon2Gate, ServerBusyError } from "./argon2-gate";

const deferred = () => {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
};

describe("Argon2Gate", () => {
  it("runs at most maxRunning at once; the rest wait their turn", async () => {
    const gate = new Argon2Gate({ maxRunning: 2, maxQueued: 10, maxWaitMs: 5_000 });
    let running = 0;
    let peak = 0;
    const work = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    };
    await Promise.all(Array.from({ length: 8 }, () => gate.run(work)));
    expect(peak).toBe(2);
    expect(gate.stats).toEqual({ running: 0, queued: 0 });
  });

  it("answers busy at once when the queue is full, without starting the work", async () => {
    const gate = new Argon2Gate({ maxRunning: 1, maxQueued: 1, maxWaitMs: 5_000 });
    const blocker = deferred();
    const first = gate.run(() => blocker.done);
    const second = gate.run(async () => "second");
    let started = false;
    const started0 = Date.now();
    await expect(gate.run(async () => (started = true))).rejects.toBeInstanceOf(ServerBusyError);
    expect(Date.now() - started0).toBeLessThan(50);
    expect(started).toBe(false);
    blocker.release();
    await first;
    expect(await second).toBe("second");
  });

  it("answers busy after maxWaitMs in the queue, with a Retry-After of at least a second", async () => {
    const gate = new Argon2Gate({ maxRunning: 1, maxQueued: 5, maxWaitMs: 100 });
    const blocker = deferred();
    const first = gate.run(() => blocker.done);
    const t0 = Date.now();
    const error = await gate.run(async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerBusyError);
    expect((error as ServerBusyError).retryAfterSeconds).toBe(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(gate.stats.queued).toBe(0);
    blocker.release();
    await first;
    expect(await gate.run(async () => "free again")).toBe("free again");
  });

  it("gives the slot back when the work throws", async () => {
    const gate = new Argon2Gate({ maxRunning: 1, maxQueued: 0, maxWaitMs: 100 });
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => "ok")).toBe("ok");
    expect(gate.stats).toEqual({ running: 0, queued: 0 });
  });
});
