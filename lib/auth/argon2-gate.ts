// A per-process cap on concurrent Argon2id work (authKey hashes and
// verifications). Invariants:
// - At most `maxRunning` hashes run at once, so memory for hashing stays
//   under maxRunning × 19 MiB and the libuv thread pool (4 threads, shared
//   with file and DNS work) is never filled by the sign-in form.
// - A caller waits at most `maxWaitMs` and at most `maxQueued` callers wait;
//   beyond either it gets ServerBusyError at once, before any hash is started.
// - A slot is always given back, whether the work succeeds or throws.

export class ServerBusyError extends Error {
  override readonly name = "ServerBusyError";
  constructor(readonly retryAfterSeconds: number) {
    super("the server is busy");
  }
}

export type GateOptions = { maxRunning: number; maxQueued: number; maxWaitMs: number };

type Waiter = { start: () => void; timer: ReturnType<typeof setTimeout> };

export class Argon2Gate {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(private readonly options: GateOptions) {}

  get stats(): { running: number; queued: number } {
    return { running: this.running, queued: this.queue.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.maxRunning) {
      this.running++;
      return Promise.resolve();
    }
    const retryAfter = Math.max(1, Math.ceil(this.options.maxWaitMs / 1000));
    if (this.queue.length >= this.options.maxQueued) return Promise.reject(new ServerBusyError(retryAfter));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(new ServerBusyError(retryAfter));
        }, this.options.maxWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    // The slot passes straight to the next waiter: `running` stays the same.
    if (next) next.start();
    else this.running--;
  }
}
