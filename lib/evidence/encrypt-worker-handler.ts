/**
 * The body of the evidence encryption Web Worker (encrypt.worker.ts), kept
 * apart from the `self.onmessage` shell so it can be tested in Node.
 *
 * One job per worker: "start" reads the file in 64 KiB plaintext pieces
 * (`file.stream()`), encrypts them with the file key and the KNOWN header
 * (the same key and header re-make byte-identical ciphertext, which is what
 * makes uploads resumable), hashes the plaintext (SHA-256, incremental), cuts
 * the ciphertext into parts and hashes each part and the whole.
 *
 * Must always hold:
 * - Memory is flat whatever the file size: at most `maxInFlight` parts are
 *   posted and not yet acknowledged ("ack") by the main thread, plus the one
 *   being filled. The worker stops reading the file while the limit is
 *   reached, so a slow network never lets it run ahead.
 * - No byte is encrypted before its plaintext segment (4 MiB) hashed to the
 *   digest sealed in the evidence metadata ("segments"; plain-segments.ts):
 *   whatever the server claims to hold, a different file never goes under
 *   the same key and header ("evidence.fileChanged" before it is encrypted).
 * - A part the server already holds ("stored") is re-made, its hash compared
 *   with the server's and dropped, never sent. A part with a known hash
 *   ("stored", or "sent" in an earlier attempt) that comes out different
 *   means the file is not the one the upload began with: the job stops with
 *   "evidence.fileChanged" before posting that part. Parts are made strictly
 *   in order, so every known part before a part is checked before it is sent.
 *   (The same key and header must never carry different plaintext: see
 *   lib/crypto/file-stream.ts.)
 * - A file that turns out shorter or longer than its size is "evidence.fileChanged";
 *   an unreadable one is "evidence.readFailed".
 * - Exactly one terminal message per job: "done" (all parts made, with the
 *   plaintext and ciphertext hashes) or "error". Part buffers are transferred,
 *   not copied; the worker keeps no reference to a part it posted. The file key
 *   copy is wiped when the job ends. Messages carry no file name or key.
 */
import "client-only";
import { fromBase64url, toBase64url, wipe } from "@/lib/crypto/encoding";
import { createFileEncryptorWithHeader } from "@/lib/crypto/file-stream";
import { createSha256, nativeSha256Base64url, sha256 as sha256Of } from "@/lib/crypto/sha256";
import { partListBytes } from "./part-list";
import { SEGMENT_BYTES, SEGMENT_CHUNKS, segmentCount } from "./plain-segments";
import { cipherSize, MAX_PART_BYTES, MIN_PART_BYTES, planParts, STREAM_CHUNK_BYTES, STREAM_HEADER_BYTES, type PartPlan } from "./schema";

/** A part whose ciphertext hash is known (base64url SHA-256). */
export type KnownPart = { partNumber: number; sha256: string };

export type EncryptStart = {
  type: "start";
  file: Blob;
  /** A copy the worker owns (transferred); wiped when the job ends. */
  fileKey: Uint8Array;
  /** The 25-byte file header from the evidence metadata. */
  header: Uint8Array;
  /** The plaintext segment digests sealed in the evidence metadata (plain-segments.ts): each segment is checked before any of it is encrypted. */
  segments: string[];
  partSize: number;
  /** Parts the server already holds: re-made and checked, not sent. */
  stored: KnownPart[];
  /** Parts sent in an earlier attempt whose storage is unconfirmed: checked, then sent again. */
  sent?: KnownPart[];
  /** At most this many parts posted and not yet acknowledged. */
  maxInFlight: number;
};

export type EncryptRequest = EncryptStart | { type: "ack"; partNumber: number } | { type: "cancel" };

export type EncryptErrorCode =
  | "evidence.fileChanged"
  | "evidence.readFailed"
  | "evidence.encryptFailed"
  | "evidence.invalidRequest"
  | "evidence.cancelled";

export type EncryptEvent =
  | { type: "part"; partNumber: number; size: number; sha256: string; bytes: ArrayBuffer }
  | { type: "progress"; bytesRead: number; bytesTotal: number }
  | { type: "done"; plainSize: number; plainSha256: string; cipherSize: number; cipherSha256: string; partCount: number }
  | { type: "error"; code: EncryptErrorCode };

export type PostEvent = (event: EncryptEvent, transfer: Transferable[]) => void;

export const MAX_IN_FLIGHT_LIMIT = 16;
/** Progress every this many plaintext bytes (and at the end). */
const PROGRESS_EVERY = 16 * STREAM_CHUNK_BYTES;

class JobError extends Error {
  constructor(readonly code: EncryptErrorCode) {
    super(code);
  }
}

/** Reads exactly n bytes at a time from a byte stream, whatever its chunking. */
class ExactReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #pending: Uint8Array = new Uint8Array(0);

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  async #next(): Promise<Uint8Array | null> {
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.#reader.read();
    } catch {
      throw new JobError("evidence.readFailed");
    }
    if (result.done) return null;
    if (!(result.value instanceof Uint8Array)) throw new JobError("evidence.readFailed");
    return result.value;
  }

  /** Exactly n bytes (a fresh buffer); the file ending first means it changed. */
  async read(n: number): Promise<Uint8Array<ArrayBuffer>> {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.#pending.length === 0) {
        const next = await this.#next();
        if (next === null) throw new JobError("evidence.fileChanged");
        this.#pending = next;
        continue;
      }
      const count = Math.min(n - filled, this.#pending.length);
      out.set(this.#pending.subarray(0, count), filled);
      this.#pending.fill(0, 0, count);
      this.#pending = this.#pending.subarray(count);
      filled += count;
    }
    return out;
  }

  /** The file must end here: more bytes mean it grew since its size was taken. */
  async expectEnd(): Promise<void> {
    while (this.#pending.length === 0) {
      const next = await this.#next();
      if (next === null) return;
      this.#pending = next;
    }
    throw new JobError("evidence.fileChanged");
  }

  release(): void {
    this.#pending = new Uint8Array(0);
    void this.#reader.cancel().catch(() => undefined);
  }
}

function isKnownPart(value: unknown): value is KnownPart {
  const part = value as KnownPart | null;
  return typeof part === "object" && part !== null && Number.isSafeInteger(part.partNumber) && part.partNumber >= 1 && typeof part.sha256 === "string";
}

function checkStart(request: EncryptStart): void {
  const ok =
    request.file instanceof Blob &&
    request.fileKey instanceof Uint8Array &&
    request.fileKey.length === 32 &&
    request.header instanceof Uint8Array &&
    request.header.length === STREAM_HEADER_BYTES &&
    Number.isSafeInteger(request.partSize) &&
    request.partSize >= MIN_PART_BYTES &&
    request.partSize <= MAX_PART_BYTES &&
    Number.isSafeInteger(request.maxInFlight) &&
    request.maxInFlight >= 1 &&
    request.maxInFlight <= MAX_IN_FLIGHT_LIMIT &&
    Array.isArray(request.segments) &&
    request.segments.length === segmentCount(request.file.size) &&
    request.segments.every((digest) => typeof digest === "string") &&
    Array.isArray(request.stored) &&
    request.stored.every(isKnownPart) &&
    (request.sent === undefined || (Array.isArray(request.sent) && request.sent.every(isKnownPart)));
  if (!ok) throw new JobError("evidence.invalidRequest");
}

/** One encryption job; `run()` posts exactly one "done" or "error". */
export class EncryptJob {
  readonly #request: EncryptStart;
  readonly #post: PostEvent;
  readonly #inFlight = new Set<number>();
  #wake: (() => void) | null = null;
  #cancelled = false;
  #finished = false;
  /** The most parts ever posted and unacknowledged at once (the memory bound, for tests and the bench). */
  maxOutstanding = 0;

  constructor(request: EncryptStart, post: PostEvent) {
    this.#request = request;
    this.#post = post;
  }

  get outstanding(): number {
    return this.#inFlight.size;
  }

  /** The main thread is done with this part (stored by the server): room for the next. */
  ack(partNumber: number): void {
    this.#inFlight.delete(partNumber);
    this.#notify();
  }

  cancel(): void {
    this.#cancelled = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async #room(): Promise<void> {
    while (!this.#cancelled && this.#inFlight.size >= this.#request.maxInFlight) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    if (this.#cancelled) throw new JobError("evidence.cancelled");
  }

  #finish(event: EncryptEvent): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#post(event, []);
  }

  async run(): Promise<void> {
    let reader: ExactReader | undefined;
    try {
      checkStart(this.#request);
      const { file, fileKey, header, partSize } = this.#request;
      const plainSize = file.size;
      const plan = planParts(cipherSize(plainSize), partSize);
      const stored = new Map(this.#request.stored.map((p) => [p.partNumber, p.sha256]));
      // The server's record wins over our own memory of what was sent.
      const known = new Map([...(this.#request.sent ?? []).map((p): [number, string] => [p.partNumber, p.sha256]), ...stored]);

      let encryptor;
      try {
        encryptor = await createFileEncryptorWithHeader(fileKey, header);
      } catch {
        throw new JobError("evidence.invalidRequest");
      }
      const plainHash = await createSha256();
      // Over the parts' digests (part-list.ts), not the ciphertext: the server checks it in O(parts).
      const partDigests: Uint8Array[] = [];
      const cutter = new PartCutter(plan, async (partNumber, bytes) => {
        const sha256 = await nativeSha256Base64url(bytes);
        partDigests[partNumber - 1] = fromBase64url(sha256);
        const expected = known.get(partNumber);
        if (expected !== undefined && expected !== sha256) throw new JobError("evidence.fileChanged");
        if (stored.has(partNumber)) return; // already on the server: dropped
        await this.#room();
        this.#inFlight.add(partNumber);
        this.maxOutstanding = Math.max(this.maxOutstanding, this.#inFlight.size);
        this.#post({ type: "part", partNumber, size: bytes.length, sha256, bytes: bytes.buffer }, [bytes.buffer]);
      });

      reader = new ExactReader(file.stream());
      await cutter.write(encryptor.header);
      const chunkCount = Math.max(1, Math.ceil(plainSize / STREAM_CHUNK_BYTES));
      let bytesRead = 0;
      let lastProgress = 0;
      let segment: Uint8Array<ArrayBuffer> = new Uint8Array(0);
      try {
        for (let i = 0; i < chunkCount; i++) {
          if (this.#cancelled) throw new JobError("evidence.cancelled");
          const final = i === chunkCount - 1;
          if (i % SEGMENT_CHUNKS === 0) {
            // A whole segment, checked against the sealed list before any of it is encrypted.
            const index = i / SEGMENT_CHUNKS;
            wipe(segment);
            segment = await reader.read(Math.min(SEGMENT_BYTES, plainSize - index * SEGMENT_BYTES));
            if ((await nativeSha256Base64url(segment)) !== this.#request.segments[index]) throw new JobError("evidence.fileChanged");
          }
          const offset = (i % SEGMENT_CHUNKS) * STREAM_CHUNK_BYTES;
          const piece = segment.subarray(offset, final ? segment.length : offset + STREAM_CHUNK_BYTES);
          plainHash.update(piece);
          let cipher: Uint8Array;
          try {
            cipher = encryptor.push(piece, final);
          } finally {
            wipe(piece);
          }
          bytesRead += piece.length;
          if (final) await reader.expectEnd();
          await cutter.write(cipher);
          if (bytesRead - lastProgress >= PROGRESS_EVERY || final) {
            lastProgress = bytesRead;
            this.#post({ type: "progress", bytesRead, bytesTotal: plainSize }, []);
          }
        }
      } finally {
        wipe(segment);
      }
      cutter.assertComplete();
      this.#finish({
        type: "done",
        plainSize,
        plainSha256: toBase64url(plainHash.digest()),
        cipherSize: plan.size,
        cipherSha256: toBase64url(await sha256Of(partListBytes(partDigests))),
        partCount: plan.partCount,
      });
    } catch (error) {
      this.#finish({ type: "error", code: error instanceof JobError ? error.code : "evidence.encryptFailed" });
    } finally {
      reader?.release();
      wipe(this.#request?.fileKey);
      this.#inFlight.clear();
    }
  }
}

/** Cuts a byte stream into the plan's parts; each full part goes to `onPart` (awaited) in order. */
class PartCutter {
  readonly #plan: PartPlan;
  readonly #onPart: (partNumber: number, bytes: Uint8Array<ArrayBuffer>) => Promise<void>;
  #index = 0;
  #current: Uint8Array<ArrayBuffer> | null = null;
  #filled = 0;

  constructor(plan: PartPlan, onPart: (partNumber: number, bytes: Uint8Array<ArrayBuffer>) => Promise<void>) {
    this.#plan = plan;
    this.#onPart = onPart;
  }

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const range = this.#plan.parts[this.#index];
      if (!range) throw new JobError("evidence.fileChanged"); // more ciphertext than planned
      this.#current ??= new Uint8Array(range.size);
      const count = Math.min(range.size - this.#filled, bytes.length - offset);
      this.#current.set(bytes.subarray(offset, offset + count), this.#filled);
      this.#filled += count;
      offset += count;
      if (this.#filled === range.size) {
        const part = this.#current;
        this.#current = null;
        this.#filled = 0;
        this.#index++;
        await this.#onPart(range.partNumber, part);
      }
    }
  }

  assertComplete(): void {
    if (this.#index !== this.#plan.partCount || this.#current !== null) throw new JobError("evidence.fileChanged");
  }
}

/**
 * The worker's message handler: one "start" per worker, then "ack"s and
 * perhaps a "cancel". Returns the job (for tests) through `onJob`.
 */
export function createEncryptWorkerHandler(post: PostEvent, onJob?: (job: EncryptJob) => void): (message: unknown) => void {
  let job: EncryptJob | undefined;
  return (message) => {
    const request = message as EncryptRequest | null;
    if (typeof request !== "object" || request === null) return;
    if (request.type === "start") {
      if (job) {
        post({ type: "error", code: "evidence.invalidRequest" }, []);
        return;
      }
      job = new EncryptJob(request, post);
      onJob?.(job);
      void job.run();
    } else if (request.type === "ack" && Number.isSafeInteger(request.partNumber)) {
      job?.ack(request.partNumber);
    } else if (request.type === "cancel") {
      job?.cancel();
    }
  };
}
