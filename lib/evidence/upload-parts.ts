/**
 * One round of an upload's parts (upload-run.ts): the segments the server
 * does not hold are encrypted by the pool (encrypt-pool.ts), in order of
 * segment, and each is PUT once encrypted, `parallel` at a time, lowest part
 * number first; the round ends when every part is stored and the plaintext
 * is hashed, with the plaintext's hash and the part list's (part-list.ts).
 *
 * Must always hold:
 * - Memory is flat: at most `parallel + 1` parts are being encrypted or
 *   waiting to be stored at once, and a part's buffer is released once
 *   stored (releaseBuffer: freed now, not at the page's next collection);
 *   at most `parallel + 1` plaintext segments wait for the whole-file hash.
 * - A part the pool hands back that the plan does not expect (number, size,
 *   or one already made) stops the round ("evidence.workerFailed"); a
 *   plaintext of another size stops it with "evidence.fileChanged".
 */
import "client-only";
import { fromBase64url, releaseBuffer, toBase64url, wipe } from "@/lib/crypto/encoding";
import { sha256 } from "@/lib/crypto/sha256";
import { EncryptPool, poolSize, type EncryptWorker, type PoolPart } from "./encrypt-pool";
import { partListBytes } from "./part-list";
import { segmentCount, type EvidenceMeta, type PartPlan } from "./schema";
import { UploadError } from "./upload-errors";

/** A part whose ciphertext hash is known (base64url SHA-256). */
export type KnownPart = { partNumber: number; sha256: string };

/** An encrypted part, waiting to be sent. */
export type Part = { partNumber: number; size: number; sha256: string; bytes: ArrayBuffer };

/** What finalise needs from the encryption pass. */
export type EncryptDone = { plainSize: number; plainSha256: string; cipherSha256: string };

export type PartRound = {
  file: Blob;
  meta: EvidenceMeta;
  plan: PartPlan;
  /** The parts the server holds: not encrypted again, not sent. */
  stored: KnownPart[];
  /** PUTs in flight at once. */
  parallel: number;
  signal: AbortSignal;
  /** The pool size (default from navigator.hardwareConcurrency) and the worker to create. */
  workers?: number;
  createWorker?: () => EncryptWorker;
  put: (part: Part) => Promise<void>;
  /** The pool made a part: its hash is known; `bytesEncrypted` is the plaintext encrypted so far. */
  onEncrypted: (part: KnownPart, bytesEncrypted: number) => void;
  /** The server acknowledged a part of `size` ciphertext bytes. */
  onStored: (size: number) => void;
  /** The pool this round runs, for the caller to terminate on cancel. */
  onPool: (pool: EncryptPool) => void;
};

function defaultWorker(): EncryptWorker {
  return new Worker(new URL("./encrypt.worker.ts", import.meta.url), { type: "module" });
}

/**
 * Encrypt the segments the server does not hold (in the pool, in order of
 * segment) and PUT them, until every part is stored; resolves with the
 * plaintext's hash and the part list's.
 */
export function sendParts(round: PartRound): Promise<EncryptDone> {
  const { file, meta, plan, stored, signal } = round;
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
      for (const part of queue.splice(0)) releaseBuffer(part.bytes);
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

    // At most `parallel + 1` parts encrypting or waiting (one more than the PUT slots, so a part is ready when one frees up),
    // and as many plaintexts waiting for the hash job.
    const dispatch = () => {
      while (!settled && todo.length > 0 && pool.idle > 0 && outstanding < round.parallel + 1 && pool.waitingToHash < round.parallel + 1) {
        outstanding++;
        pool.encrypt(todo.shift() as number);
      }
    };

    const next = () => {
      while (!settled && active < round.parallel && queue.length > 0) {
        const part = queue.shift() as Part;
        active++;
        round.put(part).then(
          () => {
            releaseBuffer(part.bytes);
            if (settled) return;
            active--;
            outstanding--;
            round.onStored(part.size);
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
      const at = queue.findIndex((p) => p.partNumber > data.partNumber);
      queue.splice(at === -1 ? queue.length : at, 0, { partNumber: data.partNumber, size: data.size, sha256: data.sha256, bytes: data.bytes });
      bytesEncrypted += data.plainBytes;
      round.onEncrypted({ partNumber: data.partNumber, sha256: data.sha256 }, bytesEncrypted);
      dispatch();
      next();
    };

    const fileKey = fromBase64url(meta.fileKey);
    const pool = new EncryptPool({
      // What this round encrypts reaches the hash job from its encryption: read once. What the server holds, it reads.
      relayed: [...todo],
      onHashedSegment: () => dispatch(),
      file,
      fileKey,
      segments: meta.segments ?? [],
      size: round.workers ?? poolSize(globalThis.navigator?.hardwareConcurrency),
      createWorker: round.createWorker ?? defaultWorker,
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
    round.onPool(pool);
    dispatch();
  });
}
