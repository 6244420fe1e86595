/**
 * A small pool of encryption workers for one evidence file (issue 12 point
 * 7): segments are independent streams (lib/crypto/file-stream.ts, version
 * 0x02), so several workers encrypt different segments at once. The caller
 * (upload-parts.ts) decides which segment goes next and when; the pool
 * hands it to a free worker and reports the part.
 *
 * Must always hold:
 * - A worker has at most one segment job at a time (`idle` counts the
 *   others): memory is bounded by the pool size and the caller's in-flight
 *   limit, never by the file size.
 * - Worker 0 also hashes the whole plaintext in order (the signed SHA-256
 *   cannot be computed in parallel); it then takes fewer segments, since it
 *   is offered one only when it is free. The segments listed in `relayed`
 *   reach it from the worker that encrypted them (the checked plaintext,
 *   forwarded here, transferred), so each is read from the file once; the
 *   others it reads itself. `waitingToHash` counts the forwarded ones it has
 *   not hashed yet, for the caller to bound.
 * - Every worker gets its own copy of the file key (transferred); the
 *   caller's copy is not kept. terminate() ends every worker; after it, or
 *   after the first error, nothing more is reported.
 */
import "client-only";
import type { EncryptErrorCode, EncryptEvent, EncryptRequest } from "./encrypt-worker-handler";

/** What a worker looks like from here (a real Worker, or a test double). */
export type EncryptWorker = {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: EncryptRequest, transfer: Transferable[]): void;
  terminate(): void;
};

export const MAX_POOL_SIZE = 4;

/**
 * Workers for this machine: one core is left to the page, the network and
 * (on a single machine) the server — hardwareConcurrency - 1, at most 4
 * (more only adds memory: the upload itself is the limit by then). But at
 * least 2 whenever there are 2 cores: encryption is the upload's bottleneck,
 * the other work (HTTP, native SHA-256) mostly waits on I/O, and one worker
 * alone leaves the second core idle while it encrypts.
 */
export function poolSize(hardwareConcurrency: number | undefined): number {
  const cores = Number.isSafeInteger(hardwareConcurrency) && (hardwareConcurrency ?? 0) > 0 ? (hardwareConcurrency as number) : 1;
  const size = Math.min(MAX_POOL_SIZE, Math.max(1, cores - 1));
  return cores >= 2 ? Math.max(2, size) : size;
}

export type PoolPart = Extract<EncryptEvent, { type: "part" }>;
export type PoolErrorCode = EncryptErrorCode | "evidence.workerFailed";

export type EncryptPoolInput = {
  file: Blob;
  /** Copied for each worker; the caller wipes its own. */
  fileKey: Uint8Array;
  segments: string[];
  size: number;
  createWorker: () => EncryptWorker;
  onPart: (part: PoolPart) => void;
  onHashed: (result: { plainSize: number; plainSha256: string }) => void;
  onError: (code: PoolErrorCode, partNumber?: number) => void;
  /** Segments whose plaintext worker 0 gets from the segment's own encryption (default: none; it reads every segment). */
  relayed?: number[];
  /** Worker 0 hashed a relayed segment: one fewer waits. */
  onHashedSegment?: () => void;
};

export class EncryptPool {
  readonly #workers: EncryptWorker[] = [];
  /** The segment each worker is encrypting, or null. */
  readonly #busy: (number | null)[] = [];
  readonly #input: EncryptPoolInput;
  readonly #relayed: ReadonlySet<number>;
  #waitingToHash = 0;
  #stopped = false;

  constructor(input: EncryptPoolInput) {
    this.#input = input;
    this.#relayed = new Set(input.relayed ?? []);
    for (let i = 0; i < Math.max(1, input.size); i++) {
      const worker = input.createWorker();
      this.#workers.push(worker);
      this.#busy.push(null);
      worker.onmessage = (event) => this.#receive(i, event.data as EncryptEvent);
      worker.onmessageerror = () => this.#fail("evidence.workerFailed");
      worker.onerror = (event) => {
        event.preventDefault?.();
        this.#fail("evidence.workerFailed");
      };
      const fileKey = input.fileKey.slice();
      this.#post(worker, { type: "init", file: input.file, fileKey, segments: input.segments }, [fileKey.buffer]);
    }
    const first = this.#workers[0];
    if (first) this.#post(first, { type: "hash", relayed: [...this.#relayed] }, []);
  }

  /** Relayed plaintexts forwarded to worker 0 and not hashed yet. */
  get waitingToHash(): number {
    return this.#waitingToHash;
  }

  /** Workers without a segment job. */
  get idle(): number {
    return this.#stopped ? 0 : this.#busy.filter((b) => b === null).length;
  }

  /** Give segment `index` to a free worker (the caller checked `idle`). */
  encrypt(index: number): void {
    const free = this.#busy.indexOf(null);
    const worker = this.#workers[free];
    if (this.#stopped || !worker) throw new Error("no free encryption worker");
    this.#busy[free] = index;
    this.#post(worker, { type: "segment", index, relay: this.#relayed.has(index) }, []);
  }

  terminate(): void {
    if (this.#stopped && this.#workers.length === 0) return;
    this.#stopped = true;
    for (const worker of this.#workers) {
      try {
        worker.postMessage({ type: "close" }, []);
      } catch {
        // Already gone.
      }
      worker.terminate();
    }
    this.#workers.length = 0;
  }

  #post(worker: EncryptWorker, message: EncryptRequest, transfer: Transferable[]): void {
    try {
      worker.postMessage(message, transfer);
    } catch {
      this.#fail("evidence.workerFailed");
    }
  }

  #fail(code: PoolErrorCode, partNumber?: number): void {
    if (this.#stopped) return;
    this.terminate();
    this.#input.onError(code, partNumber);
  }

  #receive(worker: number, data: EncryptEvent): void {
    if (this.#stopped) return;
    switch (data?.type) {
      case "part":
      {
        // Only the segment this worker was given, with its plaintext exactly when it was asked to relay it.
        const index = data.partNumber - 1;
        const relay = this.#relayed.has(index);
        if (this.#busy[worker] !== index || !(data.bytes instanceof ArrayBuffer) || data.bytes.byteLength !== data.size || relay !== (data.plain instanceof ArrayBuffer)) {
          this.#fail("evidence.workerFailed");
          return;
        }
        this.#busy[worker] = null;
        const { plain, ...part } = data;
        if (plain) {
          // Worker 0 runs while the pool does (terminate() empties the list, and nothing is received after it).
          const hasher = this.#workers[0];
          if (!hasher) return this.#fail("evidence.workerFailed");
          this.#waitingToHash++;
          this.#post(hasher, { type: "plain", index, bytes: plain }, [plain]);
        }
        this.#input.onPart(part);
        return;
      }
      case "took":
        if (worker !== 0 || this.#waitingToHash === 0) {
          this.#fail("evidence.workerFailed");
          return;
        }
        this.#waitingToHash--;
        this.#input.onHashedSegment?.();
        return;
      case "hashed":
        if (worker !== 0) {
          this.#fail("evidence.workerFailed");
          return;
        }
        this.#input.onHashed({ plainSize: data.plainSize, plainSha256: data.plainSha256 });
        return;
      case "error":
        this.#fail(data.code, data.partNumber);
        return;
      default:
        this.#fail("evidence.workerFailed");
    }
  }
}
