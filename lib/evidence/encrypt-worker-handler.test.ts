/**
 * The encryption worker's body, run in-process (no real Worker): parts that
 * concatenate to a ciphertext that decrypts to the file, hashes that match,
 * resuming that skips stored parts and re-makes the rest byte for byte, a
 * changed file caught before a differing part is sent, and backpressure that
 * keeps at most `maxInFlight` parts outstanding and the file unread beyond them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { concatBytes, isAllZero, toBase64url, toHex } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { createFileEncryptor, decryptFile } from "@/lib/crypto/file-stream";
import { sha256 } from "@/lib/crypto/sha256";
import { createEncryptWorkerHandler, EncryptJob, type EncryptEvent, type EncryptStart, type KnownPart } from "./encrypt-worker-handler";
import { partListBytes } from "./part-list";
import { fileSegmentDigests, SEGMENT_BYTES } from "./plain-segments";
import { cipherSize, planParts } from "./schema";

const MIB = 1024 * 1024;
const PART = MIB;

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

/** A Blob whose stream() hands out odd-sized pieces and counts what was pulled from it. */
class CountingBlob extends Blob {
  pulled = 0;
  constructor(
    private readonly data: Uint8Array<ArrayBuffer>,
    private readonly options: { piece?: number; failAt?: number; extra?: number; short?: number } = {},
  ) {
    super([data]);
  }

  override stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
    const { piece = 50_000, failAt, extra = 0, short = 0 } = this.options;
    const end = this.data.length - short + extra;
    let offset = 0;
    return new ReadableStream<Uint8Array<ArrayBuffer>>(
      {
        pull: (controller) => {
          if (failAt !== undefined && offset >= failAt) {
            controller.error(new DOMException("file changed on disk", "NotReadableError"));
            return;
          }
          if (offset >= end) {
            controller.close();
            return;
          }
          const size = Math.min(piece, end - offset);
          const chunk = offset + size <= this.data.length ? this.data.slice(offset, offset + size) : new Uint8Array(size);
          offset += size;
          this.pulled += size;
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array | undefined): boolean {
  return b !== undefined && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

type Posted = { event: EncryptEvent; transfer: Transferable[] };

/** Runs one job; acks each part as it arrives unless `ack` says otherwise. */
async function runJob(request: EncryptStart, ack: (partNumber: number, job: EncryptJob) => boolean = () => true) {
  const posted: Posted[] = [];
  const parts = new Map<number, { bytes: Uint8Array; sha256: string }>();
  let job!: EncryptJob;
  const finished = new Promise<EncryptEvent>((resolve) => {
    job = new EncryptJob(request, (event, transfer) => {
      posted.push({ event, transfer });
      if (event.type === "part") {
        parts.set(event.partNumber, { bytes: new Uint8Array(event.bytes), sha256: event.sha256 });
        if (ack(event.partNumber, job)) queueMicrotask(() => job.ack(event.partNumber));
      }
      if (event.type === "done" || event.type === "error") resolve(event);
    });
  });
  void job.run();
  const last = await finished;
  return { last, posted, parts, job };
}

let fileKey: Uint8Array;
let header: Uint8Array;
let plaintext: Uint8Array<ArrayBuffer>; // 10 MB: 10 parts of 1 MiB, the last shorter
let first: Awaited<ReturnType<typeof runJob>>;
/** The segment digests sealed when `plaintext`'s upload began. */
let firstSegments: string[];

/** A job for `file`; its sealed segment digests are the file's own unless `extra` says otherwise (a resume with another file). */
async function start(file: Blob, extra: Partial<EncryptStart> = {}): Promise<EncryptStart> {
  const segments = extra.segments ?? (await fileSegmentDigests(file)) ?? [];
  return { type: "start", file, fileKey: fileKey.slice(), header: header.slice(), segments, partSize: PART, stored: [], maxInFlight: 4, ...extra };
}

function storedOf(numbers: number[]): KnownPart[] {
  return numbers.map((partNumber) => ({ partNumber, sha256: first.parts.get(partNumber)?.sha256 ?? "" }));
}

beforeAll(async () => {
  fileKey = await newFileKey();
  header = (await createFileEncryptor(fileKey)).header;
  plaintext = randomBytes(10_000_000);
  firstSegments = (await fileSegmentDigests(new Blob([plaintext])))!;
  first = await runJob(await start(new CountingBlob(plaintext)));
});

describe("encrypting a file into parts", () => {
  it("10 MB: the parts concatenate to a ciphertext that decrypts to the file; every hash matches", async () => {
    expect(first.last.type).toBe("done");
    if (first.last.type !== "done") return;
    const plan = planParts(cipherSize(plaintext.length), PART);
    expect(first.parts.size).toBe(plan.partCount);
    expect([...first.parts.keys()]).toEqual(plan.parts.map((p) => p.partNumber)); // posted in order
    for (const range of plan.parts) {
      const part = first.parts.get(range.partNumber);
      expect(part?.bytes.length).toBe(range.size);
      expect(part?.sha256).toBe(toBase64url(await sha256(part?.bytes ?? new Uint8Array())));
    }
    const ciphertext = concatBytes(...plan.parts.map((p) => first.parts.get(p.partNumber)?.bytes ?? new Uint8Array()));
    const partDigests = await Promise.all(plan.parts.map((p) => sha256(first.parts.get(p.partNumber)?.bytes ?? new Uint8Array())));
    expect(ciphertext.length).toBe(cipherSize(plaintext.length));
    expect(toHex(ciphertext.subarray(0, 25))).toBe(toHex(header));
    const decrypted = await decryptFile(ciphertext, fileKey);
    expect(decrypted.length).toBe(plaintext.length);
    expect(sameBytes(decrypted, plaintext)).toBe(true);
    expect(first.last).toMatchObject({
      plainSize: plaintext.length,
      plainSha256: toBase64url(await sha256(plaintext)),
      cipherSize: ciphertext.length,
      // The part list's digest (part-list.ts): SHA-256 over each part's SHA-256, concatenated in order — what finalise checks.
      cipherSha256: toBase64url(await sha256(concatBytes(...partDigests))),
      partCount: plan.partCount,
    });
    // The same bytes the server hashes at finalise.
    expect(toHex(partListBytes(partDigests))).toBe(toHex(concatBytes(...partDigests)));
  });

  it("transfers each part's buffer (no copy stays in the worker) and reports progress up to the file size", () => {
    const partEvents = first.posted.filter((p) => p.event.type === "part");
    for (const { event, transfer } of partEvents) {
      if (event.type !== "part") continue;
      expect(transfer).toEqual([event.bytes]);
      expect(event.bytes.byteLength).toBe(event.size);
    }
    const progress = first.posted.flatMap((p) => (p.event.type === "progress" ? [p.event] : []));
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toEqual({ type: "progress", bytesRead: plaintext.length, bytesTotal: plaintext.length });
    expect(progress.every((p, i) => i === 0 || p.bytesRead > (progress[i - 1]?.bytesRead ?? 0))).toBe(true);
    // Structured clone with transfer (what postMessage does) detaches the worker's copy.
    const bytes = new Uint8Array(8).buffer;
    structuredClone({ type: "part", bytes }, { transfer: [bytes] });
    expect(bytes.byteLength).toBe(0);
  });

  it("is byte-identical on a second run (same key and header), whatever the read chunking", async () => {
    const again = await runJob(await start(new CountingBlob(plaintext, { piece: 65_537 })));
    expect(again.last).toEqual(first.last);
    for (const [n, part] of first.parts) expect(again.parts.get(n)?.sha256).toBe(part.sha256);
  });

  it("an empty file is one part: header + an empty FINAL chunk", async () => {
    const empty = await runJob(await start(new Blob([])));
    expect(empty.last).toMatchObject({ type: "done", plainSize: 0, cipherSize: 42, partCount: 1 });
    const part = empty.parts.get(1)?.bytes ?? new Uint8Array();
    expect(part.length).toBe(42);
    expect((await decryptFile(part, fileKey)).length).toBe(0);
    expect(empty.last).toMatchObject({ cipherSha256: toBase64url(await sha256(await sha256(part))) });
  });

  it("a file of exactly 64 KiB and one just over a part boundary decrypt", async () => {
    for (const size of [65_536, PART - 25 - 17 * 16 + 1]) {
      const data = randomBytes(size);
      const run = await runJob(await start(new Blob([data])));
      expect(run.last.type).toBe("done");
      const ciphertext = concatBytes(...[...run.parts.values()].map((p) => p.bytes));
      expect(ciphertext.length).toBe(cipherSize(size));
      expect(sameBytes(await decryptFile(ciphertext, fileKey), data)).toBe(true);
    }
  });

  it("wipes its copy of the file key when the job ends", async () => {
    const request = await start(new Blob([randomBytes(1000)]));
    await runJob(request);
    expect(isAllZero(request.fileKey)).toBe(true);
  });
});

describe("resuming", () => {
  it("skips the parts the server holds and re-makes exactly the others, byte for byte", async () => {
    const resumed = await runJob(await start(new CountingBlob(plaintext), { stored: storedOf([1, 2, 3, 5, 9]) }));
    expect(resumed.last).toEqual(first.last); // whole-file hashes are still complete
    expect([...resumed.parts.keys()]).toEqual([4, 6, 7, 8, 10]);
    for (const [n, part] of resumed.parts) {
      expect(sameBytes(part.bytes, first.parts.get(n)?.bytes)).toBe(true);
      expect(part.sha256).toBe(first.parts.get(n)?.sha256);
    }
  });

  it("with every part stored, sends nothing and still reports the hashes for finalise", async () => {
    const resumed = await runJob(await start(new Blob([plaintext]), { stored: storedOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) }));
    expect(resumed.last).toEqual(first.last);
    expect(resumed.parts.size).toBe(0);
  });

  it("a changed file: 'evidence.fileChanged' at the first stored part that differs, nothing sent after the change", async () => {
    const changed = plaintext.slice();
    changed[2 * PART + 100] = (changed[2 * PART + 100] ?? 0) ^ 1; // inside part 3
    const resumed = await runJob(await start(new Blob([changed]), { stored: storedOf([1, 2, 3, 4]), segments: firstSegments }));
    expect(resumed.last).toEqual({ type: "error", code: "evidence.fileChanged" });
    expect(resumed.parts.size).toBe(0);
  });

  it("a changed part sent before but not confirmed stored is caught before it is sent again", async () => {
    const changed = plaintext.slice();
    changed[5 * PART] = (changed[5 * PART] ?? 0) ^ 1; // part 6
    const resumed = await runJob(await start(new Blob([changed]), { stored: storedOf([1, 2, 3, 4]), sent: storedOf([5, 6]), segments: firstSegments }));
    expect(resumed.last).toEqual({ type: "error", code: "evidence.fileChanged" });
    // Part 5 holds bytes of the changed segment (4–8 MiB of plaintext): that
    // segment is refused before it is encrypted, so not even part 5 is re-made.
    expect([...resumed.parts.keys()]).toEqual([]);
  });

  it("another file of the same size fails at part 1", async () => {
    const resumed = await runJob(await start(new Blob([randomBytes(plaintext.length)]), { stored: storedOf([1, 2]), segments: firstSegments }));
    expect(resumed.last).toEqual({ type: "error", code: "evidence.fileChanged" });
    expect(resumed.parts.size).toBe(0);
  });

  it("a lying server (claims to hold nothing) and another file of the same size: refused before one byte is encrypted, nothing posted", async () => {
    const other = randomBytes(plaintext.length);
    const resumed = await runJob(await start(new Blob([other]), { stored: [], segments: firstSegments }));
    expect(resumed.last).toEqual({ type: "error", code: "evidence.fileChanged" });
    expect(resumed.parts.size).toBe(0);
    expect(resumed.posted.filter((p) => p.event.type === "progress")).toEqual([]); // no chunk went through the encryptor
  });

  it("a file that differs only from its third segment on, the server holding nothing: only parts byte-identical to the first pass leave, none with the new bytes", async () => {
    const changed = plaintext.slice();
    changed[SEGMENT_BYTES * 2 + 5] = (changed[SEGMENT_BYTES * 2 + 5] ?? 0) ^ 1;
    const resumed = await runJob(await start(new Blob([changed]), { stored: [], segments: firstSegments }));
    expect(resumed.last).toEqual({ type: "error", code: "evidence.fileChanged" });
    // Every part sent is one already sent for the sealed file: no second plaintext under this key and header.
    expect(resumed.parts.size).toBeGreaterThan(0);
    for (const [partNumber, part] of resumed.parts) expect(sameBytes(part.bytes, first.parts.get(partNumber)!.bytes)).toBe(true);
    // The part holding the third segment's first ciphertext never left.
    const firstChangedCipherByte = cipherSize(SEGMENT_BYTES * 2);
    expect(Math.max(...resumed.parts.keys())).toBe(Math.floor(firstChangedCipherByte / PART)); // parts 1–8 (part 9 holds the third segment's first bytes)
  });

  it("a file that is longer or shorter than its size, or unreadable, stops the job", async () => {
    const data = randomBytes(3 * PART);
    expect((await runJob(await start(new CountingBlob(data, { extra: 10 })))).last).toEqual({ type: "error", code: "evidence.fileChanged" });
    expect((await runJob(await start(new CountingBlob(data, { short: 10 })))).last).toEqual({ type: "error", code: "evidence.fileChanged" });
    expect((await runJob(await start(new CountingBlob(data, { failAt: PART })))).last).toEqual({ type: "error", code: "evidence.readFailed" });
  });
});

describe("backpressure: memory stays flat", () => {
  it("with no acks, stops after maxInFlight parts and reads no further than the segment it is encrypting", async () => {
    const blob = new CountingBlob(plaintext, { piece: 64 * 1024 });
    const posted: EncryptEvent[] = [];
    const job = new EncryptJob(await start(blob, { maxInFlight: 3 }), (event) => posted.push(event));
    const running = job.run();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(posted.filter((e) => e.type === "part").map((e) => (e.type === "part" ? e.partNumber : 0))).toEqual([1, 2, 3]);
    expect(job.outstanding).toBe(3);
    // Parts 1–3 sent, part 4 full and waiting for room: at most (inFlight + 1)
    // parts read, plus the rest of the segment being encrypted (read whole to
    // be checked first) and one read-ahead piece.
    expect(blob.pulled).toBeLessThanOrEqual(4 * PART + SEGMENT_BYTES + 64 * 1024);
    job.ack(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(posted.filter((e) => e.type === "part").length).toBe(4);
    expect(blob.pulled).toBeLessThanOrEqual(5 * PART + SEGMENT_BYTES + 64 * 1024);
    job.cancel();
    await running;
    expect(posted.at(-1)).toEqual({ type: "error", code: "evidence.cancelled" });
  });

  it("with slow, out-of-order acks over the whole file, never more than maxInFlight parts outstanding", async () => {
    const pending: number[] = [];
    let maxSeen = 0;
    const job = new EncryptJob(await start(new CountingBlob(plaintext), { maxInFlight: 4 }), (event) => {
      if (event.type !== "part") return;
      pending.push(event.partNumber);
      maxSeen = Math.max(maxSeen, job.outstanding);
      // Nothing is acked before three parts are out, whatever the machine's
      // speed; then a random outstanding part is acked a little later, like
      // parallel uploads finishing out of order.
      if (pending.length < 3) return;
      setTimeout(() => {
        const i = Math.floor(Math.random() * pending.length);
        const [n] = pending.splice(i, 1);
        if (n !== undefined) job.ack(n);
      }, Math.random() * 20);
    });
    await job.run();
    expect(job.maxOutstanding).toBeGreaterThanOrEqual(3);
    expect(job.maxOutstanding).toBeLessThanOrEqual(4);
    expect(maxSeen).toBeLessThanOrEqual(4);
  });
});

describe("the message handler", () => {
  it("runs one job per worker from messages and answers a malformed request with an error", async () => {
    const events: EncryptEvent[] = [];
    const [one, two] = [await start(new Blob([randomBytes(3000)])), await start(new Blob([randomBytes(3000)]))];
    const done = new Promise<void>((resolve) => {
      const handle = createEncryptWorkerHandler((event) => {
        events.push(event);
        if (event.type === "part") queueMicrotask(() => handle({ type: "ack", partNumber: event.partNumber }));
        if (event.type === "done") resolve();
      });
      handle({ type: "nonsense" });
      handle(null);
      handle(one);
      handle(two); // a second start is refused
    });
    await done;
    expect(events.filter((e) => e.type === "error")).toEqual([{ type: "error", code: "evidence.invalidRequest" }]);
    expect(events.filter((e) => e.type === "part").length).toBe(1);
  });

  it("refuses bad keys, headers, part sizes and in-flight limits", async () => {
    const blob = new Blob([randomBytes(10)]);
    for (const bad of [
      { fileKey: new Uint8Array(31) },
      { header: new Uint8Array(24) },
      { header: Uint8Array.of(2, ...new Uint8Array(24)) },
      { partSize: 1000 },
      { partSize: 5 * MIB },
      { maxInFlight: 0 },
      { stored: [{ partNumber: 0, sha256: "x" }] },
      { file: "not a blob" as unknown as Blob },
    ]) {
      const run = await runJob(await start(blob, bad as Partial<EncryptStart>));
      expect(run.last, JSON.stringify(Object.keys(bad))).toEqual({ type: "error", code: "evidence.invalidRequest" });
      expect(run.parts.size).toBe(0);
    }
  });
});
