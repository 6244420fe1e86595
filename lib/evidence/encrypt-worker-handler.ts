/**
 * The body of an evidence encryption Web Worker (encrypt.worker.ts), kept
 * apart from the `self.onmessage` shell so it can be tested in Node. Several
 * of these run as a pool (encrypt-pool.ts), one file per pool.
 *
 * A worker gets the file, its own copy of the file key and the segment
 * digests sealed in metadata v1 ("init"), then:
 * - "segment" i: reads plaintext segment i (4 MiB, file.slice), checks it,
 *   encrypts it as its own stream (lib/crypto/file-stream.ts, version 0x02,
 *   a fresh header) and posts it as upload part i + 1 with its SHA-256;
 * - "hash": hashes the whole file in order and posts the plaintext's
 *   SHA-256 (what the uploader signs). It runs beside segment jobs on the
 *   same worker; the pool gives it to one worker. The segments it is told
 *   are `relayed` come to it as "plain" messages: the plaintext a segment
 *   job read and checked ("segment" with `relay`, which posts the plaintext
 *   back with its part), so each segment is read and checked once, not
 *   twice. The others (those the server already holds) it reads and checks
 *   itself. It posts "took" for each relayed segment it has hashed, so the
 *   pool can bound how many wait.
 *
 * Must always hold:
 * - No byte is encrypted (or hashed into the signed digest) before its
 *   plaintext segment hashed to the digest sealed in the evidence metadata
 *   ("segments"; plain-segments.ts): whatever the server claims to hold, a
 *   resume never splices another file into the upload ("evidence.fileChanged"
 *   before it is encrypted). A relayed segment was checked by the segment
 *   job that read it. A segment shorter than its place in the file is
 *   "evidence.fileChanged"; an unreadable one "evidence.readFailed".
 * - Every encryption of a segment draws a fresh header, so sending a part
 *   again after re-encrypting it never reuses a keystream; the caller sends
 *   the SAME bytes when it retries a part (upload-http.ts).
 * - Memory: one segment job at a time per worker (a later one waits), so a
 *   worker holds at most one segment's plaintext and ciphertext, plus, on
 *   the hashing worker, the relayed segments the pool let wait. Part and
 *   relayed buffers are transferred, not copied; the worker keeps no
 *   reference to one it posted. Plaintext buffers are wiped and released
 *   (discard) once hashed or encrypted; the key copy is wiped on "close"
 *   (and dies with the worker).
 * - Messages carry no file name or key. Plaintext travels only in a relay,
 *   from one of the upload's workers through the pool to the hashing one;
 *   it never leaves the browser and is not kept.
 */
import "client-only";
import { discard, toBase64url, wipe } from "@/lib/crypto/encoding";
import { encryptFileSegment } from "@/lib/crypto/file-stream";
import { createSha256, nativeSha256Base64url } from "@/lib/crypto/sha256";
import { ClientError } from "@/lib/errors/client-error";
import { SEGMENT_BYTES, segmentCount } from "./plain-segments";

export type EncryptInit = {
  type: "init";
  file: Blob;
  /** A copy this worker owns (transferred); wiped on "close". */
  fileKey: Uint8Array;
  /** The plaintext segment digests sealed in the evidence metadata (plain-segments.ts). */
  segments: string[];
};

export type EncryptRequest =
  | EncryptInit
  /** `relay`: post the checked plaintext back with the part, for the hashing worker. */
  | { type: "segment"; index: number; relay?: boolean }
  /** `relayed`: the segments whose plaintext will come as "plain" messages; the rest are read here. */
  | { type: "hash"; relayed?: number[] }
  /** A relayed segment's plaintext (checked by the segment job that read it), for the hash job. */
  | { type: "plain"; index: number; bytes: ArrayBuffer }
  | { type: "close" };

export type EncryptErrorCode = "evidence.fileChanged" | "evidence.readFailed" | "evidence.encryptFailed" | "evidence.invalidRequest";

export type EncryptEvent =
  /** Segment `partNumber - 1`, encrypted: its ciphertext is upload part `partNumber`. */
  | { type: "part"; partNumber: number; size: number; sha256: string; bytes: ArrayBuffer; plainBytes: number; plain?: ArrayBuffer }
  | { type: "hashed"; plainSize: number; plainSha256: string }
  /** The hash job has hashed relayed segment `index` (and dropped it). */
  | { type: "took"; index: number }
  | { type: "error"; code: EncryptErrorCode; partNumber?: number };

export type PostEvent = (event: EncryptEvent, transfer: Transferable[]) => void;

/** What a worker did, for tests: which segments it encrypted and how many plaintext bytes. */
export type WorkerStats = { encrypted: number[]; bytesEncrypted: number; bytesHashed: number; bytesRead: number };

class JobError extends ClientError<EncryptErrorCode> {
  constructor(
    code: EncryptErrorCode,
    readonly partNumber?: number,
  ) {
    super(code);
  }
}

type Job = { file: Blob; fileKey: Uint8Array; segments: string[]; count: number };

function checkInit(request: EncryptInit): Job {
  const ok =
    request.file instanceof Blob &&
    request.fileKey instanceof Uint8Array &&
    request.fileKey.length === 32 &&
    Array.isArray(request.segments) &&
    request.segments.length === segmentCount(request.file.size) &&
    request.segments.every((digest) => typeof digest === "string");
  if (!ok) throw new JobError("evidence.invalidRequest");
  return { file: request.file, fileKey: request.fileKey, segments: request.segments, count: request.segments.length };
}

const isSegmentOf = (job: Job, index: unknown): index is number => Number.isSafeInteger(index) && (index as number) >= 0 && (index as number) < job.count;

const segmentLength = (job: Job, index: number) => Math.min(job.file.size, (index + 1) * SEGMENT_BYTES) - index * SEGMENT_BYTES;

/** Plaintext segment `index`, checked against its sealed digest before anyone encrypts or hashes it. */
async function readSegment(job: Job, index: number, stats: WorkerStats): Promise<Uint8Array<ArrayBuffer>> {
  const start = index * SEGMENT_BYTES;
  const end = start + segmentLength(job, index);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await job.file.slice(start, end).arrayBuffer());
  } catch {
    throw new JobError("evidence.readFailed", index + 1);
  }
  stats.bytesRead += bytes.length;
  if (bytes.length !== end - start || (await nativeSha256Base64url(bytes)) !== job.segments[index]) {
    discard(bytes);
    throw new JobError("evidence.fileChanged", index + 1);
  }
  return bytes;
}

async function encryptSegment(job: Job, index: number, relay: boolean, post: PostEvent, stats: WorkerStats): Promise<void> {
  const plain = await readSegment(job, index, stats);
  const plainBytes = plain.length;
  let cipher: Uint8Array;
  try {
    cipher = await encryptFileSegment(job.fileKey, index, index === job.count - 1, plain);
  } catch {
    discard(plain);
    throw new JobError("evidence.encryptFailed", index + 1);
  } finally {
    stats.encrypted.push(index);
    stats.bytesEncrypted += plain.length;
  }
  // encryptFileSegment returns a fresh, exactly-sized buffer: transfer it whole.
  const bytes = cipher as Uint8Array<ArrayBuffer>;
  const sha256 = await nativeSha256Base64url(bytes);
  if (!relay) {
    discard(plain);
    post({ type: "part", partNumber: index + 1, size: bytes.length, sha256, bytes: bytes.buffer, plainBytes }, [bytes.buffer]);
    return;
  }
  // The plaintext leaves with the part (transferred: no copy stays here), on its way to the hash job.
  post({ type: "part", partNumber: index + 1, size: bytes.length, sha256, bytes: bytes.buffer, plainBytes, plain: plain.buffer }, [bytes.buffer, plain.buffer]);
}

/** Relayed plaintexts waiting for the hash job, by segment; the hash job takes them in order. */
class Inbox {
  readonly #held = new Map<number, Uint8Array<ArrayBuffer>>();
  readonly #waiting = new Map<number, (bytes: Uint8Array<ArrayBuffer>) => void>();

  put(index: number, bytes: Uint8Array<ArrayBuffer>): void {
    const waiter = this.#waiting.get(index);
    this.#waiting.delete(index);
    if (waiter) waiter(bytes);
    else this.#held.set(index, bytes);
  }

  take(index: number): Promise<Uint8Array<ArrayBuffer>> {
    const held = this.#held.get(index);
    this.#held.delete(index);
    return held ? Promise.resolve(held) : new Promise((resolve) => this.#waiting.set(index, resolve));
  }

  wipe(): void {
    for (const bytes of this.#held.values()) discard(bytes);
    this.#held.clear();
  }
}

async function hashFile(job: Job, relayed: ReadonlySet<number>, inbox: Inbox, post: PostEvent, stats: WorkerStats): Promise<void> {
  const hasher = await createSha256();
  for (let index = 0; index < job.count; index++) {
    const plain = relayed.has(index) ? await inbox.take(index) : await readSegment(job, index, stats);
    hasher.update(plain);
    stats.bytesHashed += plain.length;
    discard(plain);
    if (relayed.has(index)) post({ type: "took", index }, []);
  }
  post({ type: "hashed", plainSize: job.file.size, plainSha256: toBase64url(hasher.digest()) }, []);
}

/**
 * The worker's message handler: one "init", then "segment"s (run one after
 * another) and at most one "hash" (beside them), then "close". `observe`
 * gets the worker's stats (tests).
 */
export function createEncryptWorkerHandler(post: PostEvent, observe?: (stats: WorkerStats) => void): (message: unknown) => void {
  let job: Job | undefined;
  let failed = false;
  let hashing: { relayed: ReadonlySet<number>; arrived: Set<number> } | null = null;
  const inbox = new Inbox();
  let segments: Promise<void> = Promise.resolve();
  const stats: WorkerStats = { encrypted: [], bytesEncrypted: 0, bytesHashed: 0, bytesRead: 0 };
  observe?.(stats);
  // After an error or "close", nothing more leaves this worker.
  const emit: PostEvent = (event, transfer) => {
    if (!failed) post(event, transfer);
  };

  const fail = (error: unknown) => {
    if (failed) return;
    failed = true;
    inbox.wipe();
    post({ type: "error", code: error instanceof JobError ? error.code : "evidence.encryptFailed", ...(error instanceof JobError && error.partNumber ? { partNumber: error.partNumber } : {}) }, []);
  };

  return (message) => {
    const request = message as EncryptRequest | null;
    if (typeof request !== "object" || request === null || failed) return;
    try {
      if (request.type === "init") {
        if (job) throw new JobError("evidence.invalidRequest");
        job = checkInit(request);
      } else if (request.type === "segment") {
        const current = job;
        const index = request.index;
        if (!current || !isSegmentOf(current, index) || (request.relay !== undefined && typeof request.relay !== "boolean")) throw new JobError("evidence.invalidRequest");
        const relay = request.relay === true;
        segments = segments.then(() => (failed ? undefined : encryptSegment(current, index, relay, emit, stats))).catch(fail);
      } else if (request.type === "hash") {
        const relayed = request.relayed ?? [];
        if (!job || hashing || !Array.isArray(relayed) || !relayed.every((i) => isSegmentOf(job!, i))) throw new JobError("evidence.invalidRequest");
        hashing = { relayed: new Set(relayed), arrived: new Set() };
        hashFile(job, hashing.relayed, inbox, emit, stats).catch(fail);
      } else if (request.type === "plain") {
        // Only a segment the hash job was told to expect, once, and exactly its length.
        const index = request.index;
        const expected = job && hashing?.relayed.has(index) && !hashing.arrived.has(index) ? segmentLength(job, index) : null;
        if (expected === null || !(request.bytes instanceof ArrayBuffer) || request.bytes.byteLength !== expected) throw new JobError("evidence.invalidRequest");
        hashing?.arrived.add(index);
        inbox.put(index, new Uint8Array(request.bytes));
      } else if (request.type === "close") {
        inbox.wipe();
        wipe(job?.fileKey);
        failed = true; // nothing more from this worker
      }
    } catch (error) {
      fail(error);
    }
  };
}
