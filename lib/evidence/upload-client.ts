/**
 * Encrypted, resumable evidence uploads, in the browser (issue 6).
 *
 * A file is encrypted with its own random file key (sealed in the
 * "evidence_meta" record, version 1, that the server stores with the
 * upload) in 4 MiB segments, each its own secretstream with a fresh header
 * (lib/crypto/file-stream.ts, version 0x02), by a small pool of Web Workers
 * (encrypt-pool.ts). One segment's ciphertext is one upload part (part
 * number = segment index + 1), PUT up to `parallel` at a time, each retried
 * with exponential backoff; then the
 * upload is finalised with the part list's SHA-256 (part-list.ts), the uploader's
 * Ed25519 signature over { evidenceId, caseId, sha256, size, signedAt } (of
 * the plaintext) and the metadata version 2 (plaintext SHA-256 filled).
 *
 * Must always hold:
 * - Nothing but ciphertext, its hashes and sealed records leaves the browser;
 *   file names, types, descriptions and keys are never sent in the clear and
 *   never logged (this module logs nothing).
 * - No keystream is ever reused. A retry sends the SAME bytes of a part
 *   (never a re-encryption of a part that may have been recorded). Resuming
 *   (after a reload, a network cut, a server restart) skips the parts the
 *   server lists and encrypts the others afresh, under new headers, whatever
 *   the server claims. The plaintext's segment digests, sealed in metadata
 *   v1 before the first part is sent, are checked before any segment is
 *   encrypted, on the first pass and on every resume: a file that is not the
 *   same (size, or any segment) stops with "evidence.fileChanged" before a
 *   byte of the differing segment is encrypted, so a resume never splices
 *   two files (plain-segments.ts). Uploads begun in the old single-stream
 *   format (0x01, metadata with a streamHeader) cannot be resumed: they are
 *   refused ("evidence.invalidMeta") and must start again.
 * - Parts the server lists are taken as stored without re-reading them (they
 *   cannot be re-made: their headers were random); a wrong one shows at
 *   download, where each part authenticates alone and is named.
 * - Memory is flat: at most `parallel + 1` parts are being encrypted or
 *   waiting to be stored at once (the pool holds one segment per worker, at
 *   most 4 workers), and a part's buffer is dropped once stored.
 * - `done` resolves only after the server accepted the finalise (or reports
 *   the upload already ready); otherwise it rejects with an UploadError whose
 *   `code` is an i18n key under `errors.`. A failed upload is left on the
 *   server to be resumed (the server expires it); a cancelled one is deleted.
 */
import "client-only";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { sealedRecordHash } from "@/lib/cases/record-signature";
import { openRecord, sealRecord } from "@/lib/cases/records-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { fromBase64url, toBase64url, wipe } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { sha256 } from "@/lib/crypto/sha256";
import { signCanonical } from "@/lib/crypto/signatures";
import { statementTimestamp } from "@/lib/timestamp/timestamp-client";
import { EncryptPool, poolSize, type EncryptWorker, type PoolPart } from "./encrypt-pool";
import { partListBytes } from "./part-list";
import { fileSegmentDigests } from "./plain-segments";
import {
  cipherSize,
  SEGMENT_CIPHER_BYTES,
  segmentCount,
  evidenceDetailsSchema,
  evidenceMetaSchema,
  evidenceStatement,
  planParts,
  uploadStatusSchema,
  type EvidenceMeta,
  type PartPlan,
  type UploadStatusResponse,
} from "./schema";

// ---- public types ----

export type UploadTarget = { caseId: string; currentEpoch: number; keyring: CaseKeyring };

/** "reading": the file is read once and its segments hashed before anything is sent (plain-segments.ts). */
export type UploadPhase = "reading" | "preparing" | "uploading" | "finalising" | "done";

export type UploadProgress = {
  phase: UploadPhase;
  /** Ciphertext bytes the server holds (parts acknowledged, including those from earlier attempts). */
  bytesUploaded: number;
  /** Ciphertext bytes in all. */
  bytesTotal: number;
  /** While "reading": the share of the file read and hashed, 0–1. */
  readRatio?: number;
  /** Plaintext bytes read and encrypted so far (a resumed upload re-reads from the start). */
  bytesEncrypted: number;
  /** Upload speed in bytes per second, smoothed over the last seconds; 0 until known. */
  speed: number;
  /** Estimated seconds to go, null until the speed is known. */
  secondsLeft: number | null;
};

export type UploadErrorCode =
  | "evidence.fileChanged"
  | "evidence.readFailed"
  | "evidence.encryptFailed"
  | "evidence.workerFailed"
  | "evidence.cancelled"
  /** The network or server kept failing after every retry: resumable. */
  | "evidence.network"
  | "evidence.rejected"
  | "evidence.unauthenticated"
  | "evidence.notFound"
  | "evidence.conflict"
  | "evidence.expired"
  | "evidence.tooLarge"
  | "evidence.noKey"
  /** The case moved to a new key epoch (a member was removed): resume with the new target. */
  | "evidence.staleEpoch"
  | "evidence.invalidDetails"
  | "evidence.invalidMeta";

const RESUMABLE: readonly UploadErrorCode[] = ["evidence.network", "evidence.workerFailed", "evidence.readFailed", "evidence.staleEpoch", "evidence.conflict"];

export class UploadError extends Error {
  override readonly name = "UploadError";
  /**
   * Worth offering "retry" (resumeUpload with the same file, and a fresh
   * target after "evidence.staleEpoch"): the upload exists on the server and
   * the failure may pass.
   */
  readonly resumable: boolean;

  constructor(
    readonly code: UploadErrorCode,
    readonly details: { status?: number; error?: string; reason?: string; cause?: unknown } = {},
    options: { onServer?: boolean } = {},
  ) {
    super(code, { cause: details.cause });
    this.resumable = (options.onServer ?? false) && RESUMABLE.includes(code);
  }
}

export function isUploadError(error: unknown, code?: UploadErrorCode): error is UploadError {
  return error instanceof UploadError && (code === undefined || error.code === code);
}

export type RetryPolicy = {
  /** Tries per request, the first included (≥ 5). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** One attempt is abandoned (and retried) after this long. */
  attemptTimeoutMs: number;
};

/** 0.5 s, 1 s, 2 s … capped at 15 s: ~75 s of retries, long enough for a server restart. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 9, baseDelayMs: 500, maxDelayMs: 15_000, attemptTimeoutMs: 120_000 };

export type { EncryptWorker };

/** A part whose ciphertext hash is known (base64url SHA-256). */
export type KnownPart = { partNumber: number; sha256: string };

export type UploadOptions = {
  onProgress?: (progress: UploadProgress) => void;
  /** Parts in flight at once (default 3, at most 6). */
  parallel?: number;
  retry?: Partial<RetryPolicy>;
  /** For tests: the fetch to use, the worker to create, the pool size (default from navigator.hardwareConcurrency), the clock. */
  fetch?: typeof fetch;
  createWorker?: () => EncryptWorker;
  workers?: number;
  now?: () => number;
};

export type UploadController = {
  readonly evidenceId: string;
  /** Metadata version 1 as sealed for the server: what resumeUpload needs (ciphertext only). */
  readonly metaRecord: SealedRecordWire;
  /** The latest progress. */
  readonly progress: UploadProgress;
  /** Hashes of every part made so far (this run's, and those the server listed). */
  sentParts(): KnownPart[];
  /** Stop, and delete the upload on the server. `done` rejects with "evidence.cancelled". */
  cancel(): Promise<void>;
  readonly done: Promise<{ evidenceId: string }>;
};

export type EvidenceDetailsFields = {
  /** Defaults to file.name (path components are dropped). */
  name?: string;
  /** Defaults to file.type. */
  type?: string;
  capturedAt?: string;
  source?: string;
  description?: string;
  tags?: string[];
};

export type StartUploadInput = UploadOptions & {
  target: UploadTarget;
  file: File;
  details?: EvidenceDetailsFields;
  me: UnlockedAccount;
};

export type ResumeUploadInput = UploadOptions & {
  target: UploadTarget;
  /** The same file, picked again. */
  file: Blob;
  /** The upload's metadata record (version 1), as the server lists it. */
  metaRecord: SealedRecordWire;
  me: UnlockedAccount;
  /**
   * A previous controller's sentParts(). Not needed any more (a part the
   * server does not list is encrypted afresh); accepted so callers of the
   * old API keep working, and ignored.
   */
  sentParts?: KnownPart[];
};

// ---- entry points ----

/**
 * Validate the details, read the file once for its segment digests (progress
 * "reading"), make the file key and header, seal metadata v1, and start
 * uploading. Rejects (before any request) with "evidence.invalidDetails",
 * "evidence.noKey", "evidence.readFailed" or "evidence.fileChanged"; later
 * failures reject `done`.
 */
export async function startUpload(input: StartUploadInput): Promise<UploadController> {
  const { target, file, details = {} } = input;
  const caseKey = currentKey(target);
  const parsed = evidenceDetailsSchema.safeParse({
    name: details.name ?? file.name,
    type: details.type ?? file.type,
    capturedAt: details.capturedAt ?? "",
    source: details.source ?? "",
    description: details.description ?? "",
    tags: details.tags ?? [],
  });
  if (!parsed.success) {
    throw new UploadError("evidence.invalidDetails", { error: parsed.error.issues.map((i) => `${i.path.join(".")}:${i.message}`).join(",") });
  }
  // Sealed before the first part leaves: every later pass is held to these bytes (plain-segments.ts).
  const reading = (bytesRead: number) =>
    input.onProgress?.({ phase: "reading", bytesUploaded: 0, bytesTotal: cipherSize(file.size), readRatio: file.size > 0 ? bytesRead / file.size : 1, bytesEncrypted: 0, speed: 0, secondsLeft: null });
  let segments: string[] | null;
  try {
    segments = await fileSegmentDigests(file, reading);
  } catch (cause) {
    throw new UploadError("evidence.readFailed", { cause });
  }
  if (!segments) throw new UploadError("evidence.fileChanged");
  const fileKey = await newFileKey();
  let meta: EvidenceMeta;
  try {
    // No streamHeader: version 0x02 files have a fresh header per segment.
    meta = { ...parsed.data, fileKey: toBase64url(fileKey), size: file.size, sha256: "", segments };
  } finally {
    wipe(fileKey);
  }
  const evidenceId = crypto.randomUUID();
  const metaRecord = await sealRecord({
    caseId: target.caseId,
    type: "evidence_meta",
    id: evidenceId,
    version: 1,
    epoch: target.currentEpoch,
    caseKey,
    value: meta,
    signed: { author: input.me, prev: null },
  });
  const plan = planParts(cipherSize(meta.size), SEGMENT_CIPHER_BYTES);
  return new UploadRun({ ...input, evidenceId, meta, metaRecord, plan, mode: { kind: "start" } }).controller();
}

/**
 * Continue an upload with the same file: opens metadata v1 for its key and
 * header, asks the server which parts it holds, and sends the rest. Rejects
 * (before any request) with "evidence.noKey", "evidence.invalidMeta" or
 * "evidence.fileChanged" (another size); later failures reject `done`.
 */
export async function resumeUpload(input: ResumeUploadInput): Promise<UploadController> {
  const { target, file, metaRecord } = input;
  if (metaRecord.type !== "evidence_meta") throw new UploadError("evidence.invalidMeta");
  const key = target.keyring.get(metaRecord.epoch);
  if (!key) throw new UploadError("evidence.noKey");
  let meta: EvidenceMeta;
  try {
    meta = await openRecord({ caseId: target.caseId, record: metaRecord, caseKey: key, schema: evidenceMetaSchema, type: "evidence_meta", authors: target.keyring.authorsAt(metaRecord.epoch) });
  } catch (cause) {
    throw new UploadError("evidence.invalidMeta", { cause });
  }
  // An upload sealed without its segment digests cannot prove a file is the same one, and one begun as a
  // single 0x01 stream (streamHeader) could only continue under its one header: either must start again.
  if (!meta.segments || meta.streamHeader !== undefined) throw new UploadError("evidence.invalidMeta");
  if (file.size !== meta.size) throw new UploadError("evidence.fileChanged");
  const plan = { size: cipherSize(meta.size) };
  return new UploadRun({ ...input, evidenceId: metaRecord.id, meta, metaRecord, plan, mode: { kind: "resume" } }).controller();
}

// ---- the run ----

/** Metadata version 2 drops the segment digests: they only serve a resume. */
function withoutSegments(meta: EvidenceMeta): EvidenceMeta {
  const copy = { ...meta };
  delete copy.segments;
  return copy;
}

function currentKey(target: UploadTarget): Uint8Array {
  const key = target.keyring.get(target.currentEpoch);
  if (!key) throw new UploadError("evidence.noKey");
  return key;
}

type RunInput = UploadOptions & {
  target: UploadTarget;
  file: Blob;
  me: UnlockedAccount;
  evidenceId: string;
  meta: EvidenceMeta;
  metaRecord: SealedRecordWire;
  /** A start knows its plan; a resume takes it from the server. */
  plan: PartPlan | { size: number };
  mode: { kind: "start" } | { kind: "resume" };
};

/** What finalise needs from the encryption pass. */
type EncryptDone = { plainSize: number; plainSha256: string; cipherSha256: string };
type Part = { partNumber: number; size: number; sha256: string; bytes: ArrayBuffer };

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

class Cancelled extends Error {}

function defaultWorker(): EncryptWorker {
  return new Worker(new URL("./encrypt.worker.ts", import.meta.url), { type: "module" });
}

async function httpError(response: Response, conflict: UploadErrorCode = "evidence.conflict"): Promise<UploadError> {
  let body: { error?: unknown; reason?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const details = {
    status: response.status,
    error: typeof body.error === "string" ? body.error : undefined,
    reason: typeof body.reason === "string" ? body.reason : undefined,
  };
  const code: UploadErrorCode =
    details.reason === "epoch.stale"
      ? "evidence.staleEpoch"
      : response.status === 401
      ? "evidence.unauthenticated"
      : response.status === 403 || response.status === 404
        ? "evidence.notFound"
        : response.status === 409
          ? conflict
          : response.status === 410
            ? "evidence.expired"
            : response.status === 413
              ? "evidence.tooLarge"
              : RETRYABLE_STATUS.has(response.status)
                ? "evidence.network"
                : "evidence.rejected";
  return new UploadError(code, details);
}

class UploadRun {
  readonly #input: RunInput;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  readonly #retry: RetryPolicy;
  readonly #parallel: number;
  readonly #base: string;
  readonly #abort = new AbortController();
  readonly #known = new Map<number, string>();
  #pool: EncryptPool | null = null;
  #progress: UploadProgress;
  #speedSamples: { at: number; bytes: number }[] = [];
  #sessionBytes = 0;
  #finished = false;
  /** The upload exists on the server (created, or its status read): a failure from here on can be resumed. */
  #onServer = false;

  constructor(input: RunInput) {
    this.#input = input;
    this.#fetch = input.fetch ?? ((...args) => globalThis.fetch(...args));
    this.#now = input.now ?? (() => performance.now());
    this.#retry = { ...DEFAULT_RETRY, ...input.retry };
    this.#retry.attempts = Math.max(5, Math.floor(this.#retry.attempts));
    this.#parallel = Math.min(6, Math.max(1, Math.floor(input.parallel ?? 3)));
    this.#base = `/api/cases/${encodeURIComponent(input.target.caseId)}/evidence/uploads`;
    this.#progress = { phase: "preparing", bytesUploaded: 0, bytesTotal: input.plan.size, bytesEncrypted: 0, speed: 0, secondsLeft: null };
  }

  controller(): UploadController {
    const done = this.#run();
    void done.catch(() => undefined); // the caller may only ever cancel(); no unhandled rejection
    const snapshot = () => ({ ...this.#progress });
    return {
      evidenceId: this.#input.evidenceId,
      metaRecord: this.#input.metaRecord,
      get progress() {
        return snapshot();
      },
      sentParts: () => [...this.#known].map(([partNumber, sha256]) => ({ partNumber, sha256 })),
      cancel: () => this.#cancel(),
      done,
    };
  }

  #emit(change: Partial<UploadProgress>): void {
    this.#progress = { ...this.#progress, ...change };
    const remaining = this.#progress.bytesTotal - this.#progress.bytesUploaded;
    this.#progress.secondsLeft = this.#progress.speed > 0 ? Math.ceil(remaining / this.#progress.speed) : this.#progress.phase === "done" ? 0 : null;
    this.#input.onProgress?.({ ...this.#progress });
  }

  /** Bytes per second over the last ~10 s, lightly smoothed. */
  #recordUploaded(bytes: number): number {
    const now = this.#now();
    this.#sessionBytes += bytes;
    this.#speedSamples.push({ at: now, bytes: this.#sessionBytes });
    while (this.#speedSamples.length > 2 && now - (this.#speedSamples[1]?.at ?? now) > 10_000) this.#speedSamples.shift();
    const first = this.#speedSamples[0];
    if (!first) return this.#progress.speed;
    const seconds = (now - first.at) / 1000;
    if (seconds < 0.05) return this.#progress.speed;
    const window = (this.#sessionBytes - first.bytes) / seconds;
    return this.#progress.speed > 0 ? 0.7 * this.#progress.speed + 0.3 * window : window;
  }

  async #cancel(): Promise<void> {
    if (this.#abort.signal.aborted || this.#finished) return;
    this.#abort.abort(new Cancelled());
    this.#pool?.terminate();
    // Best effort: the server expires abandoned uploads anyway.
    try {
      await this.#request("DELETE", `${this.#base}/${this.#input.evidenceId}`, { ignoreCancel: true, attempts: 3 });
    } catch {
      // Nothing more to do: the upload expires on the server.
    }
  }

  async #run(): Promise<{ evidenceId: string }> {
    const { evidenceId, mode } = this.#input;
    try {
      let plan: PartPlan;
      let stored: KnownPart[] = [];
      if (mode.kind === "start") {
        plan = this.#input.plan as PartPlan;
        await this.#create(plan);
        this.#onServer = true;
      } else {
        const status = await this.#status();
        this.#onServer = true;
        plan = this.#checkStatus(status);
        if (status.state === "ready") {
          this.#finished = true;
          this.#emit({ phase: "done", bytesUploaded: plan.size });
          return { evidenceId };
        }
        stored = this.#storedParts(status, plan);
      }
      // Two rounds at most: if the server finds a stored part damaged at
      // finalise, it drops it and the second round sends it again.
      for (let round = 1; ; round++) {
        for (const part of stored) this.#known.set(part.partNumber, part.sha256);
        const storedBytes = stored.reduce((sum, p) => sum + (plan.parts[p.partNumber - 1]?.size ?? 0), 0);
        this.#speedSamples = [{ at: this.#now(), bytes: this.#sessionBytes }];
        this.#emit({ phase: "uploading", bytesUploaded: storedBytes });
        const result = await this.#pump(plan, stored);
        this.#emit({ phase: "finalising" });
        const outcome = await this.#finalise(result);
        if (outcome === "ready") break;
        if (round === 2 || outcome.parts.length >= plan.partCount) throw outcome.error;
        stored = this.#storedParts(outcome, plan);
      }
      this.#finished = true;
      this.#emit({ phase: "done", bytesUploaded: plan.size });
      return { evidenceId };
    } catch (error) {
      if (this.#abort.signal.aborted) throw new UploadError("evidence.cancelled");
      if (error instanceof UploadError) throw new UploadError(error.code, error.details, { onServer: this.#onServer });
      throw new UploadError("evidence.encryptFailed", { cause: error }); // a local failure (sealing, signing)
    } finally {
      this.#pool?.terminate();
      this.#pool = null;
    }
  }

  /** The parts the server lists that fit the plan. */
  #storedParts(status: UploadStatusResponse, plan: PartPlan): KnownPart[] {
    return status.parts.filter((p) => plan.parts[p.partNumber - 1]?.size === p.size).map((p) => ({ partNumber: p.partNumber, sha256: p.sha256 }));
  }

  async #create(plan: PartPlan): Promise<void> {
    const { evidenceId, metaRecord } = this.#input;
    try {
      await this.#request("POST", this.#base, { json: { evidenceId, size: plan.size, partSize: plan.partSize, partCount: plan.partCount, meta: metaRecord } });
    } catch (error) {
      // A retried POST whose first try did land: the upload exists, with our plan.
      if (!isUploadError(error, "evidence.conflict")) throw error;
      const status = await this.#status().catch(() => null); // no upload: the conflict was something else
      const same = status !== null && status.size === plan.size && status.partSize === plan.partSize && status.partCount === plan.partCount && status.state !== "ready";
      if (!same) throw error;
    }
  }

  async #status(): Promise<UploadStatusResponse> {
    const response = await this.#request("GET", `${this.#base}/${this.#input.evidenceId}`);
    const parsed = uploadStatusSchema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new UploadError("evidence.rejected", { status: response.status, error: "bad_status" });
    return parsed.data;
  }

  /** The server's part layout must be the one this ciphertext needs. */
  #checkStatus(status: UploadStatusResponse): PartPlan {
    let plan: PartPlan;
    try {
      plan = planParts(status.size, status.partSize);
    } catch (cause) {
      throw new UploadError("evidence.invalidMeta", { cause });
    }
    // One part per segment: anything else is not an upload this client began.
    if (status.size !== this.#input.plan.size || plan.partCount !== status.partCount || status.partSize !== SEGMENT_CIPHER_BYTES) throw new UploadError("evidence.invalidMeta");
    return plan;
  }

  /**
   * Encrypt the segments the server does not hold (in the pool, in order of
   * segment) and PUT them, until every part is stored; resolves with the
   * plaintext's hash and the part list's.
   */
  #pump(plan: PartPlan, stored: KnownPart[]): Promise<EncryptDone> {
    const { file, meta } = this.#input;
    const signal = this.#abort.signal;
    const count = segmentCount(meta.size);
    if (plan.partCount !== count) return Promise.reject(new UploadError("evidence.invalidMeta"));
    return new Promise<EncryptDone>((resolve, reject) => {
      let settled = false;
      let active = 0;
      /** Parts handed to the pool and not yet stored: the memory bound. */
      let outstanding = 0;
      let hashed: { plainSize: number; plainSha256: string } | null = null;
      const digests: (string | undefined)[] = new Array<string | undefined>(count);
      for (const part of stored) digests[part.partNumber - 1] = part.sha256;
      const todo: number[] = [];
      for (let i = 0; i < count; i++) if (digests[i] === undefined) todo.push(i);
      /** Encrypted parts waiting for a PUT slot, lowest part number first. */
      const queue: Part[] = [];
      let bytesEncrypted = 0;

      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        pool.terminate();
        queue.length = 0;
        reject(error);
      };
      const onAbort = () => fail(new UploadError("evidence.cancelled"));
      signal.addEventListener("abort", onAbort);

      const maybeFinish = () => {
        if (settled || !hashed || todo.length > 0 || outstanding > 0) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        pool.terminate();
        const list = digests.map((d) => fromBase64url(d ?? ""));
        const { plainSize, plainSha256 } = hashed;
        sha256(partListBytes(list)).then(
          (digest) => resolve({ plainSize, plainSha256, cipherSha256: toBase64url(digest) }),
          (error: unknown) => reject(error),
        );
      };

      // At most `parallel + 1` parts encrypting or waiting (one more than the PUT slots, so a part is ready when one frees up).
      const dispatch = () => {
        while (!settled && todo.length > 0 && pool.idle > 0 && outstanding < this.#parallel + 1) {
          outstanding++;
          pool.encrypt(todo.shift() as number);
        }
      };

      const next = () => {
        while (!settled && active < this.#parallel && queue.length > 0) {
          const part = queue.shift() as Part;
          active++;
          this.#putPart(part).then(
            () => {
              if (settled) return;
              active--;
              outstanding--;
              const speed = this.#recordUploaded(part.size);
              this.#emit({ bytesUploaded: this.#progress.bytesUploaded + part.size, speed });
              dispatch();
              next();
              maybeFinish();
            },
            (error: unknown) => fail(error),
          );
        }
      };

      const onPart = (data: PoolPart) => {
        if (settled) return;
        const range = plan.parts[data.partNumber - 1];
        if (!range || data.size !== range.size || digests[data.partNumber - 1] !== undefined) {
          fail(new UploadError("evidence.workerFailed"));
          return;
        }
        digests[data.partNumber - 1] = data.sha256;
        this.#known.set(data.partNumber, data.sha256);
        const at = queue.findIndex((p) => p.partNumber > data.partNumber);
        queue.splice(at === -1 ? queue.length : at, 0, { partNumber: data.partNumber, size: data.size, sha256: data.sha256, bytes: data.bytes });
        bytesEncrypted += data.plainBytes;
        this.#emit({ bytesEncrypted });
        dispatch();
        next();
      };

      const fileKey = fromBase64url(meta.fileKey);
      const pool = new EncryptPool({
        file,
        fileKey,
        segments: meta.segments ?? [],
        size: this.#input.workers ?? poolSize(globalThis.navigator?.hardwareConcurrency),
        createWorker: this.#input.createWorker ?? defaultWorker,
        onPart,
        onHashed: (result) => {
          if (settled) return;
          if (result.plainSize !== meta.size) {
            fail(new UploadError("evidence.fileChanged"));
            return;
          }
          hashed = result;
          maybeFinish();
        },
        onError: (code) => fail(new UploadError(code === "evidence.invalidRequest" ? "evidence.encryptFailed" : code)),
      });
      wipe(fileKey); // every worker has its own copy
      this.#pool = pool;
      dispatch();
    });
  }

  async #putPart(part: Part): Promise<void> {
    const url = `${this.#base}/${this.#input.evidenceId}/parts/${part.partNumber}`;
    // The same bytes on every try. A 409 means the server recorded other bytes for this part (an earlier
    // attempt's, under another header): "evidence.conflict", resumable — the resume skips what it lists.
    await this.#request("PUT", url, { bytes: part.bytes, headers: { "x-part-sha256": part.sha256 } });
  }

  /** "ready", or the server's status and its refusal when parts are missing (a damaged one was dropped). */
  async #finalise(result: EncryptDone): Promise<"ready" | (UploadStatusResponse & { error: UploadError })> {
    const { target, me, evidenceId, meta, metaRecord } = this.#input;
    const signedAt = new Date().toISOString();
    const statement = evidenceStatement({ evidenceId, caseId: target.caseId, uploaderId: me.userId, sha256: result.plainSha256, size: result.plainSize, signedAt });
    const signature = toBase64url(await signCanonical(statement, me.keys.ed25519.privateKey));
    // RFC 3161 token over the statement when the server has a TSA (null otherwise, or if it is down: best effort).
    const timestamp = await statementTimestamp(target.caseId, statement, this.#fetch);
    const metaV2 = await sealRecord({
      caseId: target.caseId,
      type: "evidence_meta",
      id: evidenceId,
      version: 2,
      epoch: target.currentEpoch,
      caseKey: currentKey(target),
      value: { ...withoutSegments(meta), sha256: result.plainSha256 } satisfies EvidenceMeta,
      signed: { author: me, prev: await sealedRecordHash(metaRecord.contentSealed) },
    });
    try {
      await this.#request("POST", `${this.#base}/${evidenceId}/finalise`, { json: { sha256: result.cipherSha256, signature, signedAt, meta: metaV2, ...(timestamp ? { timestamp } : {}) } });
      return "ready";
    } catch (error) {
      if (!isUploadError(error, "evidence.conflict")) throw error;
      // A retried finalise whose first try did land, or parts the server dropped as damaged.
      const status = await this.#status().catch(() => null);
      if (status?.state === "ready") return "ready";
      if (!status) throw error;
      return { ...status, error };
    }
  }

  /**
   * One request, retried on network errors, timeouts, 408/425/429/5xx with
   * exponential backoff and jitter (Retry-After honoured up to the cap).
   */
  async #request(
    method: string,
    url: string,
    body: { json?: unknown; bytes?: ArrayBuffer; headers?: Record<string, string>; conflict?: UploadErrorCode; ignoreCancel?: boolean; attempts?: number } = {},
  ): Promise<Response> {
    const attempts = body.attempts ?? this.#retry.attempts;
    let lastError: UploadError = new UploadError("evidence.network");
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (!body.ignoreCancel && this.#abort.signal.aborted) throw new UploadError("evidence.cancelled");
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      if (!body.ignoreCancel) this.#abort.signal.addEventListener("abort", onAbort);
      const timer = setTimeout(() => controller.abort(), this.#retry.attemptTimeoutMs);
      let retryAfterMs: number | undefined;
      try {
        const headers: Record<string, string> = { ...body.headers };
        let payload: BodyInit | undefined;
        if (body.json !== undefined) {
          headers["content-type"] = "application/json";
          payload = JSON.stringify(body.json);
        } else if (body.bytes !== undefined) {
          headers["content-type"] = "application/octet-stream";
          // A Blob, not the ArrayBuffer: a devtools-protocol client (Playwright
          // in npm run bench:upload) copies an ArrayBuffer body into its event
          // log on every request, not a Blob's, so the bench measures the app
          // rather than the harness (STACK.md). The network sees the same bytes.
          payload = new Blob([body.bytes], { type: "application/octet-stream" });
        }
        const response = await this.#fetch(url, { method, headers, body: payload, signal: controller.signal, credentials: "same-origin", cache: "no-store" });
        if (response.ok) return response;
        const error = await httpError(response, body.conflict);
        if (!RETRYABLE_STATUS.has(response.status)) throw error;
        lastError = error;
        const retryAfter = Number(response.headers.get("retry-after"));
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = retryAfter * 1000;
      } catch (error) {
        if (error instanceof UploadError) throw error;
        if (!body.ignoreCancel && this.#abort.signal.aborted) throw new UploadError("evidence.cancelled");
        lastError = new UploadError("evidence.network", { cause: error }); // offline, refused, reset, timed out
      } finally {
        clearTimeout(timer);
        this.#abort.signal.removeEventListener("abort", onAbort);
      }
      if (attempt < attempts) await this.#sleep(this.#backoff(attempt, retryAfterMs), body.ignoreCancel);
    }
    throw lastError;
  }

  #backoff(attempt: number, retryAfterMs?: number): number {
    const { baseDelayMs, maxDelayMs } = this.#retry;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential * (0.5 + Math.random() * 0.5);
    return Math.min(maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
  }

  #sleep(ms: number, ignoreCancel?: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.#abort.signal;
      if (!ignoreCancel && signal.aborted) {
        reject(new UploadError("evidence.cancelled"));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(new UploadError("evidence.cancelled"));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      if (!ignoreCancel) signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
