/**
 * The worker pool (fake Workers running the real handler): its size for a
 * machine's cores, every segment handed to a free worker as one part of
 * exactly the planned size in its place, work spread over the workers,
 * the whole-plaintext hash from worker 0, and errors that stop everything.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { concatBytes, toBase64url } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { decryptFile } from "@/lib/crypto/file-stream";
import { sha256 } from "@/lib/crypto/sha256";
import { EncryptPool, poolSize, type PoolErrorCode, type PoolPart } from "./encrypt-pool";
import { fakeWorkers } from "./fake-encrypt-workers";
import { fileSegmentDigests, SEGMENT_BYTES } from "./plain-segments";
import { cipherSize, planParts, SEGMENT_CIPHER_BYTES } from "./schema";

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

let fileKey: Uint8Array;
let plaintext: Uint8Array<ArrayBuffer>; // 4 full segments and a short one
let segments: string[];

beforeAll(async () => {
  fileKey = await newFileKey();
  plaintext = randomBytes(4 * SEGMENT_BYTES + 77_777);
  segments = (await fileSegmentDigests(new Blob([plaintext])))!;
});

/** Runs a pool over `file`, giving each free worker the next segment, until every part and the hash came (or an error). */
async function runPool(file: Blob, size: number, digests = segments, relayed?: number[]) {
  const fakes = fakeWorkers();
  const parts: PoolPart[] = [];
  let hashed: { plainSize: number; plainSha256: string } | null = null;
  let error: { code: PoolErrorCode; partNumber?: number } | null = null;
  const count = digests.length;
  let next = 0;
  let pool!: EncryptPool;
  await new Promise<void>((resolve) => {
    const give = () => {
      while (next < count && pool.idle > 0) pool.encrypt(next++);
      if (hashed && parts.length === count) resolve();
    };
    pool = new EncryptPool({
      file,
      fileKey,
      segments: digests,
      size,
      createWorker: fakes.create,
      onPart: (part) => {
        parts.push(part);
        give();
      },
      onHashed: (result) => {
        hashed = result;
        give();
      },
      onError: (code, partNumber) => {
        error = { code, partNumber };
        resolve();
      },
      relayed,
    });
    give();
  });
  return { pool, fakes, parts, hashed: hashed as { plainSize: number; plainSha256: string } | null, error: error as { code: PoolErrorCode; partNumber?: number } | null };
}

describe("poolSize", () => {
  it("is cores - 1, at most 4, but 2 on a 2-core machine and 1 without a second core", () => {
    const table = [undefined, 0, 1, 2, 3, 4, 5, 6, 8, 16, 1.5].map((cores) => poolSize(cores));
    expect(table).toEqual([1, 1, 1, 2, 2, 3, 4, 4, 4, 4, 1]);
  });
});

describe("EncryptPool", () => {
  it("encrypts every segment as one part of exactly the planned size, in its place; the parts form the file", async () => {
    const run = await runPool(new Blob([plaintext]), 2);
    expect(run.error).toBeNull();
    const plan = planParts(cipherSize(plaintext.length), SEGMENT_CIPHER_BYTES);
    expect(run.parts).toHaveLength(plan.partCount);
    const byNumber = new Map(run.parts.map((p) => [p.partNumber, p]));
    expect([...byNumber.keys()].sort((a, b) => a - b)).toEqual(plan.parts.map((p) => p.partNumber));
    for (const range of plan.parts) {
      const part = byNumber.get(range.partNumber)!;
      expect(part.size).toBe(range.size);
      expect(part.bytes.byteLength).toBe(range.size);
      expect(part.sha256).toBe(toBase64url(await sha256(new Uint8Array(part.bytes))));
    }
    // Segments were handed out in order (part numbers = segment index + 1), and the parts, in part order, decrypt.
    expect(run.fakes.dispatched).toEqual([0, 1, 2, 3, 4]);
    const ciphertext = concatBytes(...plan.parts.map((r) => new Uint8Array(byNumber.get(r.partNumber)!.bytes)));
    expect(Buffer.from(await decryptFile(ciphertext, fileKey)).equals(Buffer.from(plaintext))).toBe(true);
    expect(run.hashed).toEqual({ plainSize: plaintext.length, plainSha256: toBase64url(await sha256(plaintext)) });
  });

  it("spreads segments over its workers, one at a time each; only worker 0 hashes the whole file", async () => {
    const run = await runPool(new Blob([plaintext]), 3);
    expect(run.fakes.workers).toHaveLength(3);
    expect(run.fakes.workers.filter((w) => w.segments.length > 0).length).toBeGreaterThanOrEqual(2);
    expect(run.fakes.workers.map((w) => w.requests.includes("hash"))).toEqual([true, false, false]);
    expect(run.fakes.workers[0]!.stats.bytesHashed).toBe(plaintext.length);
    expect(run.fakes.workers.reduce((sum, w) => sum + w.stats.bytesEncrypted, 0)).toBe(plaintext.length);
    expect(run.fakes.workers.every((w) => w.requests[0] === "init")).toBe(true);
  });

  it("relayed segments reach worker 0 from their encryption: the file is read once in all, and the hash is the file's", async () => {
    const all = segments.map((_, i) => i);
    const run = await runPool(new Blob([plaintext]), 2, segments, all);
    expect(run.error).toBeNull();
    expect(run.hashed).toEqual({ plainSize: plaintext.length, plainSha256: toBase64url(await sha256(plaintext)) });
    expect(run.fakes.workers.reduce((sum, w) => sum + w.stats.bytesRead, 0)).toBe(plaintext.length);
    expect(run.fakes.workers[0]!.requests.filter((r) => r === "plain")).toHaveLength(segments.length);
    expect(run.fakes.workers[1]!.requests).not.toContain("plain");
    // The parts handed on carry no plaintext, and nothing waits for the hash once it is done.
    expect(run.parts.every((p) => !("plain" in p))).toBe(true);
    expect(run.pool.waitingToHash).toBe(0);
  });

  it("a segment not relayed (the server holds its part) is read by worker 0 itself; the others still once", async () => {
    const fakes = fakeWorkers();
    const errors: PoolErrorCode[] = [];
    let hashed: { plainSha256: string } | null = null;
    const pool = new EncryptPool({
      file: new Blob([plaintext]),
      fileKey,
      segments,
      size: 2,
      createWorker: fakes.create,
      relayed: [2, 3, 4],
      onPart: () => undefined,
      onHashed: (result) => (hashed = result),
      onError: (code) => errors.push(code),
    });
    pool.encrypt(2);
    pool.encrypt(3);
    await expect.poll(() => pool.idle, { timeout: 5000 }).toBe(2);
    pool.encrypt(4);
    await expect.poll(() => hashed, { timeout: 5000 }).not.toBeNull();
    expect(hashed!.plainSha256).toBe(toBase64url(await sha256(plaintext)));
    expect(fakes.workers.reduce((sum, w) => sum + w.stats.bytesRead, 0)).toBe(plaintext.length);
    expect(errors).toEqual([]);
    pool.terminate();
  });

  it("another file of the same size: the first checked segment stops the pool, no part comes out", async () => {
    const run = await runPool(new Blob([randomBytes(plaintext.length)]), 2);
    expect(run.error?.code).toBe("evidence.fileChanged");
    expect(run.parts).toEqual([]);
    expect(run.fakes.workers.every((w) => w.stats.bytesEncrypted === 0)).toBe(true);
    expect(run.fakes.terminated()).toBe(2);
  });

  it("a worker that crashes fails the pool with 'evidence.workerFailed', ends every worker, and reports nothing more", async () => {
    const fakes = fakeWorkers();
    const errors: PoolErrorCode[] = [];
    const parts: PoolPart[] = [];
    const pool = new EncryptPool({ file: new Blob([plaintext]), fileKey, segments, size: 2, createWorker: fakes.create, onPart: (p) => parts.push(p), onHashed: () => undefined, onError: (code) => errors.push(code) });
    pool.encrypt(0);
    pool.encrypt(1);
    expect(pool.idle).toBe(0);
    // What a Worker does when its script throws.
    fakes.instances[1]!.onerror?.({ preventDefault: () => undefined } as ErrorEvent);
    expect(errors).toEqual(["evidence.workerFailed"]);
    expect(fakes.terminated()).toBe(2);
    expect(pool.idle).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(parts).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it("terminate() is not an error and sends each worker 'close' (its key copy wiped)", () => {
    const fakes = fakeWorkers();
    const errors: PoolErrorCode[] = [];
    const pool = new EncryptPool({ file: new Blob([plaintext]), fileKey, segments, size: 2, createWorker: fakes.create, onPart: () => undefined, onHashed: () => undefined, onError: (code) => errors.push(code) });
    pool.terminate();
    expect(fakes.workers.map((w) => w.requests.at(-1))).toEqual(["close", "close"]);
    expect(fakes.terminated()).toBe(2);
    expect(errors).toEqual([]);
    expect(() => pool.encrypt(0)).toThrow();
  });
});
