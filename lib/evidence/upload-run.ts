/**
 * One upload on the server, once its metadata v1 is sealed (upload-client.ts
 * starts or resumes it): create it, or read which parts the server holds;
 * send the rest (upload-parts.ts); finalise with the part list's hash, the
 * uploader's signature and metadata v2. The invariants are upload-client.ts's.
 */
import "client-only";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { sealedRecordHash } from "@/lib/cases/record-signature";
import { sealRecord } from "@/lib/cases/records-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { toBase64url } from "@/lib/crypto/encoding";
import { signCanonical } from "@/lib/crypto/signatures";
import { statementTimestamp } from "@/lib/timestamp/timestamp-client";
import type { EncryptPool, EncryptWorker } from "./encrypt-pool";
import { evidenceStatement, planParts, SEGMENT_CIPHER_BYTES, uploadStatusSchema, type EvidenceMeta, type PartPlan, type UploadStatusResponse } from "./schema";
import { isUploadError, UploadError } from "./upload-errors";
import { UploadHttp, type RetryPolicy } from "./upload-http";
import { sendParts, type EncryptDone, type KnownPart, type Part } from "./upload-parts";
import { ProgressMeter, type UploadProgress } from "./upload-progress";

export type UploadTarget = { caseId: string; currentEpoch: number; keyring: CaseKeyring };

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

export type RunInput = UploadOptions & {
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

/** The key of the case's current epoch, which new records are sealed under. */
export function currentKey(target: UploadTarget): Uint8Array {
  const key = target.keyring.get(target.currentEpoch);
  if (!key) throw new UploadError("evidence.noKey");
  return key;
}

/** Metadata version 2 drops the segment digests: they only serve a resume. */
function withoutSegments(meta: EvidenceMeta): EvidenceMeta {
  const copy = { ...meta };
  delete copy.segments;
  return copy;
}

class Cancelled extends Error {}

export class UploadRun {
  readonly #input: RunInput;
  readonly #fetch: typeof fetch;
  readonly #http: UploadHttp;
  readonly #meter: ProgressMeter;
  readonly #parallel: number;
  readonly #base: string;
  readonly #abort = new AbortController();
  readonly #known = new Map<number, string>();
  #pool: EncryptPool | null = null;
  #finished = false;
  /** The upload exists on the server (created, or its status read): a failure from here on can be resumed. */
  #onServer = false;

  constructor(input: RunInput) {
    this.#input = input;
    this.#fetch = input.fetch ?? ((...args) => globalThis.fetch(...args));
    this.#http = new UploadHttp({ fetch: this.#fetch, retry: input.retry, signal: this.#abort.signal });
    this.#meter = new ProgressMeter({ bytesTotal: input.plan.size, now: input.now ?? (() => performance.now()), onProgress: input.onProgress });
    this.#parallel = Math.min(6, Math.max(1, Math.floor(input.parallel ?? 3)));
    this.#base = `/api/cases/${encodeURIComponent(input.target.caseId)}/evidence/uploads`;
  }

  controller(): UploadController {
    const done = this.#run();
    void done.catch(() => undefined); // the caller may only ever cancel(); no unhandled rejection
    const meter = this.#meter;
    return {
      evidenceId: this.#input.evidenceId,
      metaRecord: this.#input.metaRecord,
      get progress() {
        return meter.current;
      },
      sentParts: () => [...this.#known].map(([partNumber, sha256]) => ({ partNumber, sha256 })),
      cancel: () => this.#cancel(),
      done,
    };
  }

  async #cancel(): Promise<void> {
    if (this.#abort.signal.aborted || this.#finished) return;
    this.#abort.abort(new Cancelled());
    this.#pool?.terminate();
    // Best effort: the server expires abandoned uploads anyway.
    try {
      await this.#http.request("DELETE", `${this.#base}/${this.#input.evidenceId}`, { ignoreCancel: true, attempts: 3 });
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
          this.#meter.emit({ phase: "done", bytesUploaded: plan.size });
          return { evidenceId };
        }
        stored = this.#storedParts(status, plan);
      }
      // Two rounds at most: if the server finds a stored part damaged at
      // finalise, it drops it and the second round sends it again.
      for (let round = 1; ; round++) {
        for (const part of stored) this.#known.set(part.partNumber, part.sha256);
        const storedBytes = stored.reduce((sum, p) => sum + (plan.parts[p.partNumber - 1]?.size ?? 0), 0);
        this.#meter.restartWindow();
        this.#meter.emit({ phase: "uploading", bytesUploaded: storedBytes });
        const result = await this.#sendParts(plan, stored);
        this.#meter.emit({ phase: "finalising" });
        const outcome = await this.#finalise(result);
        if (outcome === "ready") break;
        if (round === 2 || outcome.parts.length >= plan.partCount) throw outcome.error;
        stored = this.#storedParts(outcome, plan);
      }
      this.#finished = true;
      this.#meter.emit({ phase: "done", bytesUploaded: plan.size });
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
      await this.#http.request("POST", this.#base, { json: { evidenceId, size: plan.size, partSize: plan.partSize, partCount: plan.partCount, meta: metaRecord } });
    } catch (error) {
      // A retried POST whose first try did land: the upload exists, with our plan.
      if (!isUploadError(error, "evidence.conflict")) throw error;
      const status = await this.#status().catch(() => null); // no upload: the conflict was something else
      const same = status !== null && status.size === plan.size && status.partSize === plan.partSize && status.partCount === plan.partCount && status.state !== "ready";
      if (!same) throw error;
    }
  }

  async #status(): Promise<UploadStatusResponse> {
    const response = await this.#http.request("GET", `${this.#base}/${this.#input.evidenceId}`);
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

  #sendParts(plan: PartPlan, stored: KnownPart[]): Promise<EncryptDone> {
    const { file, meta, workers, createWorker } = this.#input;
    return sendParts({
      file,
      meta,
      plan,
      stored,
      parallel: this.#parallel,
      signal: this.#abort.signal,
      workers,
      createWorker,
      put: (part) => this.#putPart(part),
      onEncrypted: (part, bytesEncrypted) => {
        this.#known.set(part.partNumber, part.sha256);
        this.#meter.emit({ bytesEncrypted });
      },
      onStored: (size) => this.#meter.uploaded(size),
      onPool: (pool) => {
        this.#pool = pool;
      },
    });
  }

  async #putPart(part: Part): Promise<void> {
    const url = `${this.#base}/${this.#input.evidenceId}/parts/${part.partNumber}`;
    // The same bytes on every try. A 409 means the server recorded other bytes for this part (an earlier
    // attempt's, under another header): "evidence.conflict", resumable — the resume skips what it lists.
    await this.#http.request("PUT", url, { bytes: part.bytes, headers: { "x-part-sha256": part.sha256 } });
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
      await this.#http.request("POST", `${this.#base}/${evidenceId}/finalise`, { json: { sha256: result.cipherSha256, signature, signedAt, meta: metaV2, ...(timestamp ? { timestamp } : {}) } });
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
}
