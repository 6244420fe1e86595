/**
 * The upload client against an in-memory server that speaks the evidence
 * HTTP contract (fake `fetch`), with the real worker handler run in-process
 * behind a fake Worker (messages structured-cloned, buffers transferred):
 * uploads that finish with the right hashes, signature and sealed metadata,
 * one part per 4 MiB segment encrypted by a pool of workers; parts retried
 * (the same bytes) after failures and a simulated server restart; a failed
 * upload resumed from the status endpoint with only the missing parts
 * encrypted afresh (new headers) and sent; a changed file refused, before
 * any of its changed segment is encrypted, whatever the server claims to
 * hold; cancel; flat memory through backpressure.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sameBytes } from "@/lib/encoding/same-bytes";
import { CaseKeyring } from "@/lib/cases/case-keys";
import { openRecord, openSignedRecord, sealRecord } from "@/lib/cases/records-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { newCaseKey } from "@/lib/crypto/case-key-seal";
import { concatBytes, fromBase64url, toBase64url } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { generateUserKeyPairs } from "@/lib/crypto/user-keys";
import { newAccountKey } from "@/lib/crypto/wrap-key";
import { downloadEvidence, verifyEvidenceSignature } from "./download-client";
import { fakeWorkers } from "./fake-encrypt-workers";
import { partListBytes } from "./part-list";
import { cipherSize, finalEvidenceMetaSchema, evidenceMetaSchema, planParts, SEGMENT_CIPHER_BYTES } from "./schema";
import { isUploadError, resumeUpload, startUpload, UploadError, type EncryptWorker, type UploadProgress, type UploadTarget } from "./upload-client";
import { authorsByEpoch, authorsFor } from "@/lib/testing/record-authors";

const MIB = 1024 * 1024;
const FAST_RETRY = { attempts: 9, baseDelayMs: 5, maxDelayMs: 40, attemptTimeoutMs: 2000 };
/** The plaintext segment (plain-segments.ts, file-stream.ts): 4 MiB; segment i is part i + 1. */
const SEGMENT = 4 * MIB;

/** What finalise carries: the SHA-256 of the parts' SHA-256 digests in part order (part-list.ts), from the ciphertext itself. */
async function partListDigest(ciphertext: Uint8Array, partSize: number): Promise<string> {
  const plan = planParts(ciphertext.length, partSize);
  const digests = await Promise.all(plan.parts.map((p) => sha256(ciphertext.subarray(p.offset, p.offset + p.size))));
  return toBase64url(await sha256(concatBytes(...digests)));
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

const sleep = (ms: number, signal?: AbortSignal | null) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new DOMException("aborted", "AbortError"));
    });
  });

// ---- an in-memory server speaking the contract ----

type Upload = {
  caseId: string;
  size: number;
  partSize: number;
  partCount: number;
  meta: SealedRecordWire;
  parts: Map<number, { bytes: Uint8Array; sha256: string }>;
  state: "uploading" | "ready";
  finalise?: { sha256: string; signature: string; signedAt: string; meta: SealedRecordWire };
};

/** `sha256`: a PUT's x-part-sha256, i.e. which bytes were sent. */
type Req = { method: string; path: string; route: string; partNumber?: number; evidenceId?: string; sha256?: string };
/** "network": fetch rejects; a number: that status; "lost": handled, then the response is lost. */
type Fault = "network" | "lost" | number | undefined;

class FakeServer {
  readonly uploads = new Map<string, Upload>();
  readonly log: (Req & { outcome: string; body?: string })[] = [];
  /** Every request as it arrives, before any fault or answer (the log has it once answered). */
  readonly received: Req[] = [];
  fault: (req: Req) => Fault = () => undefined;
  /** The case's key epoch: sealed metadata of another epoch is refused as stale. */
  currentEpoch = 1;
  /** Once: at finalise, find this part damaged, drop it and refuse. */
  damageAtFinalise: number | null = null;
  /** A lying (or compromised) server: its status lists no part, whatever it holds. */
  hideParts = false;
  /** Delay before answering a PUT (ms). */
  putDelay = 0;
  concurrentPuts = 0;
  maxConcurrentPuts = 0;

  readonly fetch: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input), "http://casevault.test");
    const method = init.method ?? "GET";
    const match = /^\/api\/cases\/([^/]+)\/evidence\/(?:uploads(?:\/([^/]+)(?:\/(parts)\/(\d+)|\/(finalise))?)?|([^/]+)\/(content|access))$/.exec(url.pathname);
    if (!match) throw new Error(`unexpected ${method} ${url.pathname}`);
    const [, caseId = "", uploadId, parts, partNumber, finalise, contentId, content] = match;
    const route = content ? content : finalise ? "finalise" : parts ? "part" : uploadId ? "upload" : "uploads";
    const sent = method === "PUT" ? new Headers(init.headers).get("x-part-sha256") : null;
    const req: Req = { method, path: url.pathname, route, partNumber: partNumber ? Number(partNumber) : undefined, evidenceId: uploadId ?? contentId, ...(sent ? { sha256: sent } : {}) };
    const body = typeof init.body === "string" ? init.body : undefined;
    this.received.push(req);
    const fault = this.fault(req);
    if (fault === "network") {
      this.log.push({ ...req, outcome: "network", body });
      throw new TypeError("fetch failed");
    }
    if (typeof fault === "number") {
      this.log.push({ ...req, outcome: String(fault), body });
      return Response.json({ error: "injected" }, { status: fault });
    }
    let response: Response;
    if (method === "PUT") {
      this.concurrentPuts++;
      this.maxConcurrentPuts = Math.max(this.maxConcurrentPuts, this.concurrentPuts);
      try {
        if (this.putDelay) await sleep(this.putDelay, init.signal);
        response = await this.handle(caseId, req, init);
      } finally {
        this.concurrentPuts--;
      }
    } else {
      response = await this.handle(caseId, req, init);
    }
    this.log.push({ ...req, outcome: fault === "lost" ? "lost" : String(response.status), body });
    if (fault === "lost") throw new TypeError("connection reset");
    return response;
  };

  private async handle(caseId: string, req: Req, init: RequestInit): Promise<Response> {
    const upload = req.evidenceId ? this.uploads.get(req.evidenceId) : undefined;
    const codes: Record<number, string> = { 400: "invalid_input", 404: "not_found", 409: "conflict", 405: "invalid_input" };
    const error = (status: number, reason: string) => Response.json({ error: codes[status], reason }, { status });
    switch (`${req.method} ${req.route}`) {
      case "POST uploads": {
        const body = JSON.parse(String(init.body)) as { evidenceId: string; size: number; partSize: number; partCount: number; meta: SealedRecordWire };
        if (this.uploads.has(body.evidenceId)) return error(409, "evidence.idTaken");
        if (body.meta.epoch !== this.currentEpoch) return error(409, "epoch.stale");
        if (body.partCount !== Math.ceil(body.size / body.partSize)) return error(400, "partCount");
        this.uploads.set(body.evidenceId, { caseId, size: body.size, partSize: body.partSize, partCount: body.partCount, meta: body.meta, parts: new Map(), state: "uploading" });
        return Response.json({ ok: true }, { status: 201 });
      }
      case "GET upload": {
        if (!upload) return error(404, "not_found");
        const parts = this.hideParts ? [] : [...upload.parts].sort(([a], [b]) => a - b).map(([partNumber, p]) => ({ partNumber, size: p.bytes.length, sha256: p.sha256 }));
        return Response.json({ state: upload.state, size: upload.size, partSize: upload.partSize, partCount: upload.partCount, parts });
      }
      case "DELETE upload":
        if (!upload) return error(404, "not_found");
        this.uploads.delete(req.evidenceId ?? "");
        return Response.json({ ok: true });
      case "PUT part": {
        if (!upload || upload.state !== "uploading") return error(404, "not_found");
        const n = req.partNumber ?? 0;
        const plan = planParts(upload.size, upload.partSize);
        const bytes = new Uint8Array(await new Response(init.body).arrayBuffer());
        if (!plan.parts[n - 1] || plan.parts[n - 1]?.size !== bytes.length) return error(400, "part_size");
        const hash = toBase64url(await sha256(bytes));
        if (new Headers(init.headers).get("x-part-sha256") !== hash) return error(400, "part_hash");
        const held = upload.parts.get(n);
        if (held && held.sha256 !== hash) return error(409, "part_conflict");
        upload.parts.set(n, { bytes, sha256: hash });
        return Response.json({ ok: true });
      }
      case "POST finalise": {
        if (!upload) return error(404, "not_found");
        if (upload.state === "ready") return error(409, "already_final");
        if (upload.parts.size !== upload.partCount) return error(409, "evidence.partsMissing");
        const body = JSON.parse(String(init.body)) as NonNullable<Upload["finalise"]>;
        if (body.meta.epoch !== this.currentEpoch) return error(409, "epoch.stale");
        if (this.damageAtFinalise !== null) {
          upload.parts.delete(this.damageAtFinalise);
          this.damageAtFinalise = null;
          return error(409, "evidence.hashMismatch");
        }
        // As the real server does (actions/upload.ts): the part list's digest, from the recorded parts' hashes (each checked at its PUT).
        const partList = partListBytes([...upload.parts].sort(([a], [b]) => a - b).map(([, p]) => fromBase64url(p.sha256)));
        if (toBase64url(await sha256(partList)) !== body.sha256) return error(400, "hash");
        upload.finalise = body;
        upload.state = "ready";
        return Response.json({ ok: true });
      }
      case "POST access": {
        // The custody record a checked download sends (lib/evidence/download-client.ts).
        if (!upload || upload.state !== "ready") return error(404, "not_found");
        return new Response(null, { status: 204 });
      }
      case "GET content": {
        if (!upload || upload.state !== "ready") return error(404, "not_found");
        const bytes = this.ciphertext(req.evidenceId ?? "");
        let offset = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (offset >= bytes.length) return controller.close();
            controller.enqueue(bytes.slice(offset, offset + 100_000));
            offset += 100_000;
          },
        });
        return new Response(stream);
      }
      default:
        return error(405, "method");
    }
  }

  ciphertext(evidenceId: string): Uint8Array {
    const upload = this.uploads.get(evidenceId);
    if (!upload) return new Uint8Array();
    return concatBytes(...[...upload.parts].sort(([a], [b]) => a - b).map(([, p]) => p.bytes));
  }

  puts(): number[] {
    return this.log.filter((r) => r.route === "part" && r.outcome === "200").map((r) => r.partNumber ?? 0);
  }

  /** Every part PUT made, answered or not, whatever its outcome. */
  receivedPuts(): number[] {
    return this.received.filter((r) => r.method === "PUT").map((r) => r.partNumber ?? 0);
  }
}

// ---- fixtures ----

const caseId = crypto.randomUUID();
let target: UploadTarget;
let me: UnlockedAccount;
let plaintext: Uint8Array<ArrayBuffer>;
let file: File;

const details = { description: "Заключение судмедэксперта — CANARY-DESC-7f3a", source: "Получено от адвоката", tags: ["медицина"], capturedAt: "2024-03-09" };

beforeAll(async () => {
  const keyring = new CaseKeyring(caseId);
  keyring.set(1, await newCaseKey());
  target = { caseId, currentEpoch: 1, keyring };
  me = { userId: crypto.randomUUID(), accountKey: await newAccountKey(), keys: await generateUserKeyPairs() };
  keyring.trustAuthors(authorsByEpoch([1, 2], me));
  plaintext = randomBytes(3 * SEGMENT + 500_000); // 4 segments: 4 parts
  file = new File([plaintext], "CANARY-NAME-справка.pdf", { type: "application/pdf" });
});

function setup(overrides: { parallel?: number; workers?: number } = {}) {
  const server = new FakeServer();
  const workers = fakeWorkers();
  const progress: UploadProgress[] = [];
  const options = {
    target,
    me,
    fetch: server.fetch,
    createWorker: workers.create,
    workers: 2,
    retry: FAST_RETRY,
    onProgress: (p: UploadProgress) => progress.push(p),
    ...overrides,
  };
  return { server, workers, progress, options };
}

async function expectUploadError(promise: Promise<unknown>, code: string): Promise<UploadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isUploadError(error), String(error)).toBe(true);
  expect((error as UploadError).code).toBe(code);
  return error as UploadError;
}

/** Download through the same fake server and compare with the plaintext. */
async function expectDownloadable(server: FakeServer, evidenceId: string, data: Uint8Array) {
  const upload = server.uploads.get(evidenceId);
  expect(upload?.state).toBe("ready");
  const metaV2 = upload?.finalise?.meta;
  if (!metaV2) throw new Error("not finalised");
  const caseKey = target.keyring.get(1) as Uint8Array;
  const meta = await openRecord({ caseId, record: metaV2, caseKey, schema: finalEvidenceMetaSchema, type: "evidence_meta", authors: authorsFor(me) });
  const blob = await downloadEvidence({ caseId, evidenceId, meta, purpose: "download", fetch: server.fetch });
  expect(sameBytes(new Uint8Array(await blob.arrayBuffer()), data)).toBe(true);
  return meta;
}

describe("startUpload", () => {
  it("uploads in parts, finalises with the part list's hash, a valid signature and metadata v2; the file downloads back", async () => {
    const { server, progress, options } = setup();
    let clock = 0;
    const now = () => (clock += 250); // every reading a quarter second later: a steady 4 MiB/s-ish
    const controller = await startUpload({ ...options, now, file, details: { ...details, name: "C:\\scans\\CANARY-NAME-справка.pdf" } });
    expect(await controller.done).toEqual({ evidenceId: controller.evidenceId });

    const upload = server.uploads.get(controller.evidenceId);
    const plan = planParts(cipherSize(plaintext.length), SEGMENT_CIPHER_BYTES);
    expect(upload).toMatchObject({ caseId, size: plan.size, partSize: SEGMENT_CIPHER_BYTES, partCount: plan.partCount, state: "ready" });
    expect(server.puts().sort()).toEqual([1, 2, 3, 4]);
    // The part list's digest, computed here from the stored ciphertext (not from the server's rows) — and not the whole ciphertext's hash any more.
    const ciphertext = server.ciphertext(controller.evidenceId);
    expect(upload?.finalise?.sha256).toBe(await partListDigest(ciphertext, SEGMENT_CIPHER_BYTES));
    // Each part is one segment: it starts with the version byte 0x02 and its own header.
    const headers = plan.parts.map((p) => toBase64url(ciphertext.subarray(p.offset, p.offset + 25)));
    expect(plan.parts.map((p) => ciphertext[p.offset])).toEqual([2, 2, 2, 2]);
    expect(new Set(headers).size).toBe(4);
    expect(upload?.finalise?.sha256).not.toBe(toBase64url(await sha256(ciphertext)));

    // Metadata v1 at start (no hash), v2 at finalise (plaintext hash), both sealed for this evidence id.
    expect(upload?.meta).toMatchObject({ type: "evidence_meta", id: controller.evidenceId, version: 1, epoch: 1 });
    expect(controller.metaRecord).toEqual(upload?.meta);
    const caseKey = target.keyring.get(1) as Uint8Array;
    const v1 = await openRecord({ caseId, record: upload?.meta as SealedRecordWire, caseKey, schema: evidenceMetaSchema, authors: authorsFor(me) });
    expect(v1).toMatchObject({ name: "CANARY-NAME-справка.pdf", type: "application/pdf", size: plaintext.length, sha256: "", ...details });
    expect(v1.segments).toHaveLength(4); // one digest per segment, i.e. per part
    expect(v1).not.toHaveProperty("streamHeader"); // version 0x02: a header per segment, none for the file
    const meta = await expectDownloadable(server, controller.evidenceId, plaintext);
    // v2 is v1 with the plaintext hash, less the segment digests (they only serve a resume).
    expect(meta).not.toHaveProperty("segments");
    expect(meta).toEqual({ ...v1, segments: undefined, sha256: toBase64url(await sha256(plaintext)) });
    expect(upload?.finalise?.meta).toMatchObject({ version: 2, id: controller.evidenceId });

    // The uploader's signature checks out against their key, as the custody view will check it.
    const row = { id: controller.evidenceId, caseId, uploaderId: me.userId, signature: upload?.finalise?.signature ?? null, signedAt: upload?.finalise?.signedAt ?? null };
    const signers = [{ userId: me.userId, signPublicKey: toBase64url(me.keys.ed25519.publicKey) }];
    expect(await verifyEvidenceSignature(meta, row, signers)).toBe("valid");

    // Nothing readable went over the wire.
    const wire = server.log.map((r) => `${r.path} ${r.body ?? ""}`).join("\n");
    for (const canary of ["CANARY", "справка", "судмедэксперта", "медицина", v1.fileKey]) expect(wire).not.toContain(canary);

    // Progress: uploading → finalising → done, bytes up to the total, a speed and an estimate.
    const last = progress.at(-1);
    expect(last).toMatchObject({ phase: "done", bytesUploaded: plan.size, bytesTotal: plan.size, bytesEncrypted: plaintext.length, secondsLeft: 0 });
    // The file is read once (segment digests) before the upload starts, then sent.
    expect(progress.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1])).toEqual(["reading", "uploading", "finalising", "done"]);
    expect(progress.filter((p) => p.phase === "reading").at(-1)).toMatchObject({ readRatio: 1, bytesUploaded: 0 });
    const mid = progress.find((p) => p.phase === "uploading" && p.bytesUploaded > 0 && p.bytesUploaded < plan.size);
    expect(mid?.speed).toBeGreaterThan(0);
    expect(mid?.secondsLeft).toBeGreaterThanOrEqual(0);
    expect(progress.every((p, i) => i === 0 || p.bytesUploaded >= (progress[i - 1]?.bytesUploaded ?? 0))).toBe(true);
    expect(controller.progress).toEqual(last);
  });

  it("an empty file uploads as one 42-byte part", async () => {
    const { server, options } = setup();
    const controller = await startUpload({ ...options, file: new File([], "empty.txt") });
    await controller.done;
    expect(server.uploads.get(controller.evidenceId)?.size).toBe(42);
    await expectDownloadable(server, controller.evidenceId, new Uint8Array());
  });

  it("retries parts that fail once (503, network errors, lost responses)", async () => {
    const { server, options } = setup();
    const seen = new Set<string>();
    const faults: Fault[] = [503, "network", "lost", 502];
    server.fault = (req) => {
      if (req.route !== "part") return undefined;
      const key = String(req.partNumber);
      if (seen.has(key)) return undefined;
      seen.add(key);
      return faults[(req.partNumber ?? 1) - 1];
    };
    const controller = await startUpload({ ...options, file, details });
    await controller.done;
    const attempts = server.log.filter((r) => r.route === "part");
    expect(attempts.length).toBe(8);
    await expectDownloadable(server, controller.evidenceId, plaintext);
  });

  it("rides out a server restart: every request fails for a while, then the upload finishes", async () => {
    const { server, options } = setup();
    let downUntil = 0;
    server.fault = (req) => {
      if (req.route === "part" && req.partNumber === 3 && downUntil === 0) downUntil = Date.now() + 150;
      return Date.now() < downUntil ? "network" : undefined;
    };
    const controller = await startUpload({ ...options, file, details });
    await controller.done;
    expect(server.log.filter((r) => r.outcome === "network").length).toBeGreaterThan(2);
    await expectDownloadable(server, controller.evidenceId, plaintext);
  });

  it("a retried POST whose first try landed, and a finalise whose response was lost, still succeed", async () => {
    const { server, options } = setup();
    const lost = new Set<string>();
    server.fault = (req) => {
      if ((req.route === "uploads" || req.route === "finalise") && !lost.has(req.route)) {
        lost.add(req.route);
        return "lost";
      }
      return undefined;
    };
    const controller = await startUpload({ ...options, file, details });
    await controller.done;
    expect(server.log.filter((r) => r.route === "uploads").map((r) => r.outcome)).toEqual(["lost", "409"]);
    expect(server.log.filter((r) => r.route === "finalise").map((r) => r.outcome)).toEqual(["lost", "409"]);
    await expectDownloadable(server, controller.evidenceId, plaintext);
  });

  it("a part the server finds damaged at finalise (and drops) is sent again, then the upload finalises", async () => {
    const { server, options } = setup();
    server.damageAtFinalise = 2;
    const controller = await startUpload({ ...options, file, details });
    await controller.done;
    expect(server.puts().sort()).toEqual([1, 2, 2, 3, 4]);
    expect(server.log.filter((r) => r.route === "finalise").map((r) => r.outcome)).toEqual(["409", "200"]);
    await expectDownloadable(server, controller.evidenceId, plaintext);
  });

  it("a key epoch that moved on: at start not resumable; at finalise resumable with the new epoch's key", async () => {
    const atStart = setup();
    atStart.server.currentEpoch = 2;
    const refused = await expectUploadError((await startUpload({ ...atStart.options, file })).done, "evidence.staleEpoch");
    expect(refused.resumable).toBe(false);

    const { server, options } = setup();
    const controller = await startUpload({ ...options, file, details, onProgress: (p) => {
      if (p.phase === "finalising") server.currentEpoch = 2; // a member was removed meanwhile
    } });
    const stale = await expectUploadError(controller.done, "evidence.staleEpoch");
    expect(stale.resumable).toBe(true);
    const keyring = new CaseKeyring(caseId);
    keyring.set(1, new Uint8Array(target.keyring.get(1) as Uint8Array));
    keyring.set(2, await newCaseKey());
    keyring.trustAuthors(authorsByEpoch([1, 2], me));
    const resumed = await resumeUpload({ ...options, target: { caseId, currentEpoch: 2, keyring }, file, metaRecord: controller.metaRecord });
    await resumed.done;
    expect(server.uploads.get(controller.evidenceId)?.finalise?.meta).toMatchObject({ version: 2, epoch: 2 });
    expect(server.puts().length).toBe(4); // nothing sent twice
  });

  it("does not retry what retrying cannot fix: 413, 401, a conflicting part", async () => {
    const tooLarge = setup();
    tooLarge.server.fault = (req) => (req.route === "uploads" ? 413 : undefined);
    await expectUploadError((await startUpload({ ...tooLarge.options, file })).done, "evidence.tooLarge");
    expect(tooLarge.server.log.length).toBe(1);

    const signedOut = setup();
    signedOut.server.fault = (req) => (req.route === "part" ? 401 : undefined);
    await expectUploadError((await startUpload({ ...signedOut.options, file })).done, "evidence.unauthenticated");

    // The server holds other bytes for a part (an earlier encryption's): not retried, but resumable — the resume skips what it lists.
    const conflict = setup();
    conflict.server.fault = (req) => (req.route === "part" && req.partNumber === 2 ? 409 : undefined);
    const refused = await expectUploadError((await startUpload({ ...conflict.options, file })).done, "evidence.conflict");
    expect(refused.resumable).toBe(true);
    expect(conflict.server.log.filter((r) => r.route === "part" && r.partNumber === 2)).toHaveLength(1);
  });

  it("refuses bad details and a missing case key before any request", async () => {
    const { server, options } = setup();
    await expectUploadError(startUpload({ ...options, file, details: { name: "some/dir/" } }), "evidence.invalidDetails");
    await expectUploadError(startUpload({ ...options, file, details: { capturedAt: "2024-13-01" } }), "evidence.invalidDetails");
    await expectUploadError(startUpload({ ...options, target: { ...target, currentEpoch: 2 }, file }), "evidence.noKey");
    expect(server.log).toEqual([]);
  });

  it("cancel stops the upload, deletes it on the server and rejects done", async () => {
    const { server, workers, options } = setup();
    server.putDelay = 30;
    let controller!: Awaited<ReturnType<typeof startUpload>>;
    const cancelled = new Promise<void>((resolve) => {
      void startUpload({
        ...options,
        file,
        onProgress: (p) => {
          if (p.phase === "uploading" && p.bytesUploaded > 0) resolve();
        },
      }).then((c) => (controller = c));
    });
    await cancelled;
    await controller.cancel();
    await expectUploadError(controller.done, "evidence.cancelled");
    expect(server.uploads.has(controller.evidenceId)).toBe(false);
    expect(server.log.at(-1)).toMatchObject({ method: "DELETE", outcome: "200" });
    expect(workers.terminated()).toBeGreaterThanOrEqual(1);
    await controller.cancel(); // idempotent
  });

  it("keeps memory flat: ≤ parallel PUTs at once and ≤ parallel + 1 parts encrypting or waiting, with the pool busy; stored parts released", async () => {
    const { server, workers, options } = setup({ parallel: 3, workers: 3 });
    server.putDelay = 80; // slower than encrypting a part: the pool fills every slot
    // Segments handed to the pool and not yet stored (the server answers a PUT before the client counts it stored).
    let maxOutstanding = 0;
    const createWorker = (): EncryptWorker => {
      const worker = workers.create();
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message, transfer) => {
        post(message, transfer);
        if (message.type === "segment") maxOutstanding = Math.max(maxOutstanding, workers.dispatched.length - server.puts().length);
      };
      return worker;
    };
    const big = randomBytes(6 * SEGMENT + 1); // 7 parts
    const controller = await startUpload({ ...options, createWorker, file: new File([big], "video.mp4") });
    await controller.done;
    expect(server.maxConcurrentPuts).toBeLessThanOrEqual(3);
    expect(server.maxConcurrentPuts).toBeGreaterThanOrEqual(2); // (3 unless the machine encrypts slower than 4 MiB per 80 ms)
    expect(maxOutstanding).toBeLessThanOrEqual(4);
    expect(maxOutstanding).toBeGreaterThanOrEqual(2);
    // Every segment went to the pool once, in order; more than one worker encrypted.
    expect(workers.dispatched).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(workers.workers.filter((w) => w.stats.encrypted.length > 0).length).toBeGreaterThanOrEqual(2);
    // The workers read the file once in all: the whole-file hash took each segment from its encryption.
    expect(workers.workers.reduce((sum, w) => sum + w.stats.bytesRead, 0)).toBe(big.length);
    // Each part's buffer was released once stored (after its PUT: the server holds every byte, below).
    expect(workers.delivered.map((buffer) => buffer.byteLength)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    await expectDownloadable(server, controller.evidenceId, big);
  });

  it("seals the plaintext's 4 MiB segment digests in metadata v1 (as the server receives it), and drops them from v2", async () => {
    const { server, options } = setup();
    const data = randomBytes(2 * SEGMENT + 1); // segments of 4 MiB, 4 MiB and 1 byte
    const controller = await startUpload({ ...options, file: new File([data], "scan.tiff") });
    await controller.done;
    const upload = server.uploads.get(controller.evidenceId);
    const caseKey = target.keyring.get(1) as Uint8Array;
    const open = async (record: SealedRecordWire | undefined) => {
      if (!record) throw new Error("no record");
      // The value exactly as sealed (no schema to drop or add a field).
      return (await openSignedRecord({ caseId, record, caseKey, type: "evidence_meta", authors: authorsFor(me) })).value as Record<string, unknown>;
    };

    const v1 = await open(upload?.meta);
    const expected = [];
    for (let offset = 0; offset < data.length; offset += SEGMENT) expected.push(toBase64url(await sha256(data.subarray(offset, offset + SEGMENT))));
    expect(expected).toHaveLength(Math.ceil(data.length / SEGMENT));
    expect(v1.segments).toEqual(expected);
    expect(evidenceMetaSchema.parse(v1).segments).toEqual(expected);

    const v2 = await open(upload?.finalise?.meta);
    expect(v2).not.toHaveProperty("segments");
    expect(v2).toMatchObject({ size: data.length, sha256: toBase64url(await sha256(data)) });
    await expectDownloadable(server, controller.evidenceId, data);
  });
});

describe("resumeUpload", () => {
  /** An upload (of `source`) that stores parts 1 and 2, then fails for good (the network stays down). */
  async function failedUpload(source: File = file) {
    const ctx = setup();
    ctx.server.fault = (req) => (req.route === "part" && (req.partNumber ?? 0) >= 3 ? 503 : undefined);
    const controller = await startUpload({ ...ctx.options, file: source, details, parallel: 1 });
    const error = await expectUploadError(controller.done, "evidence.network");
    expect(error.resumable).toBe(true);
    expect([...(ctx.server.uploads.get(controller.evidenceId)?.parts.keys() ?? [])].sort()).toEqual([1, 2]);
    // What the first attempt sent, part by part (the same bytes on every retry).
    const firstSent = new Map<number, Set<string>>();
    for (const r of ctx.server.received) if (r.method === "PUT" && r.sha256) firstSent.set(r.partNumber ?? 0, new Set([...(firstSent.get(r.partNumber ?? 0) ?? []), r.sha256]));
    ctx.server.fault = () => undefined;
    ctx.server.log.length = 0;
    ctx.server.received.length = 0;
    ctx.progress.length = 0;
    const fresh = fakeWorkers();
    return { ...ctx, controller, firstSent, workers: fresh, options: { ...ctx.options, createWorker: fresh.create } };
  }

  it("skips the parts the server holds and encrypts the others afresh (new headers), sends only them, and finalises", async () => {
    const { server, options, controller, progress, firstSent, workers } = await failedUpload();
    // A retried part went out as the same bytes every time.
    expect([...firstSent.values()].every((hashes) => hashes.size === 1)).toBe(true);
    expect(firstSent.has(3) || firstSent.has(4)).toBe(true); // (whichever the pool finished first was tried, and refused)
    const again = new File([plaintext.slice()], "renamed.pdf"); // the same bytes, picked again
    const resumed = await resumeUpload({ ...options, file: again, metaRecord: controller.metaRecord });
    expect(resumed.evidenceId).toBe(controller.evidenceId);
    await resumed.done;
    expect(server.log[0]).toMatchObject({ method: "GET", route: "upload" });
    expect(server.puts().sort()).toEqual([3, 4]);
    expect(workers.dispatched.sort()).toEqual([2, 3]); // segments 0 and 1 are not even read for encryption
    // …only by the whole-file hash, which takes segments 2 and 3 from their encryption: the file is read once.
    expect(workers.workers.reduce((sum, w) => sum + w.stats.bytesRead, 0)).toBe(plaintext.length);
    // Parts 3 and 4 are new encryptions: other bytes than the first attempt sent (no keystream repeats).
    for (const r of server.received.filter((x) => x.method === "PUT")) expect(firstSent.get(r.partNumber ?? 0)?.has(r.sha256 ?? "")).not.toBe(true);
    // Progress starts from what the server already had.
    const firstUploading = progress.find((p) => p.phase === "uploading");
    expect(firstUploading?.bytesUploaded).toBe(2 * SEGMENT_CIPHER_BYTES);
    const meta = await expectDownloadable(server, controller.evidenceId, plaintext);
    expect(meta.name).toBe("CANARY-NAME-справка.pdf"); // the name from when it started
  });

  it("a different file of the same size: 'evidence.fileChanged', nothing encrypted, nothing sent", async () => {
    const { server, options, controller, workers } = await failedUpload();
    const other = new File([randomBytes(plaintext.length)], "other.pdf");
    const resumed = await resumeUpload({ ...options, file: other, metaRecord: controller.metaRecord });
    await expectUploadError(resumed.done, "evidence.fileChanged");
    expect(server.log.filter((r) => r.route === "part")).toEqual([]);
    expect(workers.workers.every((w) => w.stats.bytesEncrypted === 0)).toBe(true);
  });

  it("the same file edited in a segment not yet stored: no byte of that segment is encrypted, no part of it sent", async () => {
    const { server, options, controller, progress, workers } = await failedUpload();
    const edited = plaintext.slice();
    edited[3 * SEGMENT + 5] = (edited[3 * SEGMENT + 5] ?? 0) ^ 1; // in segment 3 = part 4
    const resumed = await resumeUpload({ ...options, file: new File([edited], "x.pdf"), metaRecord: controller.metaRecord });
    await expectUploadError(resumed.done, "evidence.fileChanged");
    // Part 3 (unchanged) may have gone out before the pool stopped; part 4 never.
    expect(server.receivedPuts().every((n) => n === 3)).toBe(true);
    expect(workers.workers.every((w) => !w.stats.encrypted.includes(3))).toBe(true);
    expect(Math.max(0, ...progress.map((p) => p.bytesEncrypted))).toBeLessThanOrEqual(SEGMENT);
    expect(server.uploads.get(controller.evidenceId)?.state).toBe("uploading");
  });

  it("a lying server that lists no stored part: another file of the same size is refused before any byte is encrypted or sent", async () => {
    const { server, options, controller, progress, workers } = await failedUpload();
    server.hideParts = true; // parts 1 and 2 are held, but the status says none is
    const other = new File([randomBytes(plaintext.length)], "other.pdf");
    const resumed = await resumeUpload({ ...options, file: other, metaRecord: controller.metaRecord });
    await expectUploadError(resumed.done, "evidence.fileChanged");
    expect(server.received.map((r) => `${r.method} ${r.route}`)).toEqual(["GET upload"]);
    expect(progress.every((p) => p.bytesEncrypted === 0)).toBe(true);
    expect(workers.workers.every((w) => w.stats.bytesEncrypted === 0)).toBe(true);
  });

  it("a lying server that lists no stored part, the same file: every part is encrypted afresh under new headers, never the bytes it holds", async () => {
    const { server, options, controller, firstSent } = await failedUpload();
    server.hideParts = true;
    const held = server.uploads.get(controller.evidenceId)!.parts;
    const heldHashes = new Map([...held].map(([n, p]) => [n, p.sha256]));
    const resumed = await resumeUpload({ ...options, file, metaRecord: controller.metaRecord });
    // The server refuses other bytes for the parts it holds: resumable, and the next (honest) status lets the resume skip them.
    const refused = await expectUploadError(resumed.done, "evidence.conflict");
    expect(refused.resumable).toBe(true);
    const sent = server.received.filter((r) => r.method === "PUT");
    expect(sent.length).toBeGreaterThan(0);
    for (const r of sent) {
      expect(r.sha256).not.toBe(heldHashes.get(r.partNumber ?? 0));
      expect(firstSent.get(r.partNumber ?? 0)?.has(r.sha256 ?? "")).not.toBe(true);
    }
    server.hideParts = false;
    const honest = await resumeUpload({ ...options, file, metaRecord: controller.metaRecord });
    await honest.done;
    await expectDownloadable(server, controller.evidenceId, plaintext);
  });

  it("metadata v1 without segment digests, or of a 0x01 upload, is refused ('evidence.invalidMeta') before any request", async () => {
    const { server, options, controller } = await failedUpload();
    const caseKey = target.keyring.get(1) as Uint8Array;
    const v1 = await openRecord({ caseId, record: controller.metaRecord, caseKey, schema: evidenceMetaSchema, authors: authorsFor(me) });
    const reseal = (value: unknown) => sealRecord({ caseId, type: "evidence_meta", id: controller.evidenceId, version: 1, epoch: 1, caseKey, value, signed: { author: me, prev: null } });
    const withoutSegments: Record<string, unknown> = { ...v1 };
    delete withoutSegments.segments;
    await expectUploadError(resumeUpload({ ...options, file, metaRecord: await reseal(withoutSegments) }), "evidence.invalidMeta");
    // An upload begun in the old single-stream format (0x01: one header for the whole file) cannot continue under new headers.
    const singleStream = { ...v1, streamHeader: toBase64url(Uint8Array.of(1, ...new Uint8Array(24).fill(7))) };
    await expectUploadError(resumeUpload({ ...options, file, metaRecord: await reseal(singleStream) }), "evidence.invalidMeta");
    expect(server.received).toEqual([]);

    // The same hand-sealed record with its segments resumes: only their absence was refused.
    const resumed = await resumeUpload({ ...options, file, metaRecord: await reseal(v1) });
    await resumed.done;
    expect(server.puts().sort()).toEqual([3, 4]);
    await expectDownloadable(server, controller.evidenceId, plaintext);
  });

  it("another size is refused at once; an upload already finalised resolves without sending", async () => {
    const { server, options, controller } = await failedUpload();
    await expectUploadError(resumeUpload({ ...options, file: new File([plaintext.subarray(1)], "x"), metaRecord: controller.metaRecord }), "evidence.fileChanged");
    const resumed = await resumeUpload({ ...options, file, metaRecord: controller.metaRecord });
    await resumed.done;
    server.log.length = 0;
    const again = await resumeUpload({ ...options, file, metaRecord: controller.metaRecord });
    expect(await again.done).toEqual({ evidenceId: controller.evidenceId });
    expect(server.log.map((r) => `${r.method} ${r.route}`)).toEqual(["GET upload"]);
  });

  it("refuses metadata it cannot open", async () => {
    const { options, controller } = await failedUpload();
    const tampered = { ...controller.metaRecord, id: crypto.randomUUID() };
    await expectUploadError(resumeUpload({ ...options, file, metaRecord: tampered }), "evidence.invalidMeta");
    await expectUploadError(resumeUpload({ ...options, file, metaRecord: { ...controller.metaRecord, epoch: 7 } }), "evidence.noKey");
  });
});
