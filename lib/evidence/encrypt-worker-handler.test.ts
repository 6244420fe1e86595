/**
 * The encryption worker's body, run in-process (no real Worker): each
 * segment becomes one part that decrypts in its place, under a fresh header
 * every time it is encrypted; the whole-plaintext hash; a file that is not
 * the sealed one refused before any of its differing segment is encrypted or
 * hashed; transferred buffers; malformed requests refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sameBytes } from "@/lib/encoding/same-bytes";
import { concatBytes, isAllZero, toBase64url, toHex } from "@/lib/crypto/encoding";
import { newFileKey } from "@/lib/crypto/file-key";
import { decryptFile } from "@/lib/crypto/file-stream";
import { sha256 } from "@/lib/crypto/sha256";
import { createEncryptWorkerHandler, type EncryptEvent, type EncryptInit, type WorkerStats } from "./encrypt-worker-handler";
import { fileSegmentDigests, SEGMENT_BYTES } from "./plain-segments";
import { cipherSize, planParts, SEGMENT_CIPHER_BYTES } from "./schema";

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  return out;
}

/** A Blob whose slices can be made to fail or come back short (a file changed on disk). */
class FlakyBlob extends Blob {
  constructor(
    private readonly data: Uint8Array<ArrayBuffer>,
    private readonly options: { failFrom?: number; shortFrom?: number } = {},
  ) {
    super([data]);
  }

  override slice(start?: number, end?: number): Blob {
    const from = start ?? 0;
    const to = end ?? this.data.length;
    const { failFrom, shortFrom } = this.options;
    if (failFrom !== undefined && to > failFrom) {
      return { arrayBuffer: () => Promise.reject(new DOMException("file changed on disk", "NotReadableError")) } as unknown as Blob;
    }
    if (shortFrom !== undefined && to > shortFrom) return new Blob([this.data.slice(from, Math.max(from, to - 10))]);
    return new Blob([this.data.slice(from, to)]);
  }
}

type Posted = { event: EncryptEvent; transfer: Transferable[] };

/** A worker handler fed `messages`; resolves once `until` says the events are complete (or an error came). */
async function runWorker(messages: unknown[], until: (events: EncryptEvent[]) => boolean) {
  const posted: Posted[] = [];
  let stats!: WorkerStats;
  const finished = new Promise<void>((resolve) => {
    const handle = createEncryptWorkerHandler(
      (event, transfer) => {
        posted.push({ event, transfer });
        const events = posted.map((p) => p.event);
        if (event.type === "error" || until(events)) resolve();
      },
      (s) => (stats = s),
    );
    for (const message of messages) handle(message);
  });
  await finished;
  const events = posted.map((p) => p.event);
  const parts = new Map<number, { bytes: Uint8Array; sha256: string }>();
  for (const e of events) if (e.type === "part") parts.set(e.partNumber, { bytes: new Uint8Array(e.bytes), sha256: e.sha256 });
  return { posted, events, parts, stats, error: events.find((e) => e.type === "error"), hashed: events.find((e) => e.type === "hashed") };
}

const partsDone = (n: number) => (events: EncryptEvent[]) => events.filter((e) => e.type === "part").length >= n;
const hashedAndParts = (n: number) => (events: EncryptEvent[]) => partsDone(n)(events) && events.some((e) => e.type === "hashed");

let fileKey: Uint8Array;
let plaintext: Uint8Array<ArrayBuffer>; // 2 full segments and 1 MiB + 5 bytes
let segments: string[];

function init(file: Blob, extra: Partial<EncryptInit> = {}): EncryptInit {
  return { type: "init", file, fileKey: fileKey.slice(), segments, ...extra };
}

beforeAll(async () => {
  fileKey = await newFileKey();
  plaintext = randomBytes(2 * SEGMENT_BYTES + 1024 * 1024 + 5);
  segments = (await fileSegmentDigests(new Blob([plaintext])))!;
});

describe("encrypting segments into parts", () => {
  it("segment i is part i + 1, exactly as planned; the parts concatenate to a file that decrypts; the plaintext hash is the file's", async () => {
    const run = await runWorker([init(new Blob([plaintext])), { type: "hash" }, { type: "segment", index: 0 }, { type: "segment", index: 1 }, { type: "segment", index: 2 }], hashedAndParts(3));
    expect(run.error).toBeUndefined();
    const plan = planParts(cipherSize(plaintext.length), SEGMENT_CIPHER_BYTES);
    expect([...run.parts.keys()]).toEqual([1, 2, 3]);
    for (const range of plan.parts) {
      const part = run.parts.get(range.partNumber)!;
      expect(part.bytes.length).toBe(range.size);
      expect(part.sha256).toBe(toBase64url(await sha256(part.bytes)));
    }
    const ciphertext = concatBytes(...plan.parts.map((p) => run.parts.get(p.partNumber)!.bytes));
    expect(sameBytes(await decryptFile(ciphertext, fileKey), plaintext)).toBe(true);
    expect(run.hashed).toEqual({ type: "hashed", plainSize: plaintext.length, plainSha256: toBase64url(await sha256(plaintext)) });
    const partEvents = run.events.flatMap((e) => (e.type === "part" ? [e] : []));
    expect(partEvents.map((e) => e.plainBytes)).toEqual([SEGMENT_BYTES, SEGMENT_BYTES, 1024 * 1024 + 5]);
  });

  it("transfers each part's buffer (no copy stays in the worker); messages carry no key or plaintext", async () => {
    const run = await runWorker([init(new Blob([plaintext])), { type: "segment", index: 2 }], partsDone(1));
    const [{ event, transfer }] = run.posted as [Posted];
    if (event.type !== "part") throw new Error("expected a part");
    expect(transfer).toEqual([event.bytes]);
    expect(Object.keys(event).sort()).toEqual(["bytes", "partNumber", "plainBytes", "sha256", "size", "type"]);
  });

  it("encrypting a segment again gives a new header and unrelated ciphertext (no keystream reuse), both valid", async () => {
    const run = await runWorker([init(new Blob([plaintext])), { type: "segment", index: 1 }, { type: "segment", index: 1 }], partsDone(2));
    const [a, b] = run.events.flatMap((e) => (e.type === "part" ? [new Uint8Array(e.bytes)] : []));
    expect(toHex(a!.subarray(0, 25))).not.toBe(toHex(b!.subarray(0, 25)));
    let equal = 0;
    for (let i = 25; i < a!.length; i++) if (a![i] === b![i]) equal++;
    expect(equal / a!.length).toBeLessThan(0.01);
  });

  it("an empty file is one part: header + an empty FINAL chunk", async () => {
    const run = await runWorker([init(new Blob([]), { segments: (await fileSegmentDigests(new Blob([])))! }), { type: "hash" }, { type: "segment", index: 0 }], hashedAndParts(1));
    const part = run.parts.get(1)!.bytes;
    expect(part.length).toBe(42);
    expect((await decryptFile(part, fileKey)).length).toBe(0);
    expect(run.hashed).toMatchObject({ plainSize: 0, plainSha256: toBase64url(await sha256(new Uint8Array(0))) });
  });

  it("wipes its copy of the file key on 'close'", async () => {
    const request = init(new Blob([plaintext]));
    const handle = createEncryptWorkerHandler(() => undefined);
    handle(request);
    handle({ type: "close" });
    expect(isAllZero(request.fileKey)).toBe(true);
  });
});

describe("relayed plaintext: each segment read from the file once", () => {
  it("a relaying segment job posts its checked plaintext with the part (both transferred); the hash job hashes relayed segments without reading them", async () => {
    const encrypting = await runWorker([init(new Blob([plaintext])), { type: "segment", index: 0, relay: true }, { type: "segment", index: 1, relay: true }], partsDone(2));
    const relayedParts = encrypting.posted.flatMap((p) => (p.event.type === "part" ? [p] : []));
    for (const { event, transfer } of relayedParts) {
      if (event.type !== "part" || !event.plain) throw new Error("expected a part with its plaintext");
      expect(transfer).toEqual([event.bytes, event.plain]);
      const index = event.partNumber - 1;
      expect(sameBytes(new Uint8Array(event.plain), plaintext.subarray(index * SEGMENT_BYTES, (index + 1) * SEGMENT_BYTES))).toBe(true);
    }
    // The hash job gets segments 0 and 1 relayed (out of order), reads only segment 2.
    const plains = relayedParts.map(({ event }) => (event.type === "part" ? { type: "plain", index: event.partNumber - 1, bytes: event.plain } : null)).reverse();
    const hashing = await runWorker([init(new Blob([plaintext])), { type: "hash", relayed: [0, 1] }, ...plains], (e) => e.some((x) => x.type === "hashed"));
    expect(hashing.error).toBeUndefined();
    expect(hashing.hashed).toEqual({ type: "hashed", plainSize: plaintext.length, plainSha256: toBase64url(await sha256(plaintext)) });
    expect(hashing.stats.bytesRead).toBe(plaintext.length - 2 * SEGMENT_BYTES);
    expect(hashing.events.filter((e) => e.type === "took")).toEqual([
      { type: "took", index: 0 },
      { type: "took", index: 1 },
    ]);
    // Hashed relayed plaintexts are released (detached), not left for the collector.
    for (const plain of plains) expect(plain?.bytes?.byteLength).toBe(0);
    // Without relay, the segment job wipes its plaintext and posts none.
    const plainRun = await runWorker([init(new Blob([plaintext])), { type: "segment", index: 2 }], partsDone(1));
    expect(plainRun.events[0]).not.toHaveProperty("plain");
  });

  it("releases every plaintext buffer it read itself once it has encrypted or hashed it", async () => {
    const read: ArrayBuffer[] = [];
    class RecordingBlob extends Blob {
      override slice(start?: number, end?: number): Blob {
        const piece = super.slice(start, end);
        return { arrayBuffer: () => piece.arrayBuffer().then((buffer) => (read.push(buffer), buffer)) } as unknown as Blob;
      }
    }
    const run = await runWorker([init(new RecordingBlob([plaintext])), { type: "hash" }, { type: "segment", index: 0 }, { type: "segment", index: 2 }], hashedAndParts(2));
    expect(run.error).toBeUndefined();
    expect(read).toHaveLength(5); // 3 for the hash, 2 for the segments
    expect(read.map((buffer) => buffer.byteLength)).toEqual([0, 0, 0, 0, 0]);
  });

  it("refuses a relayed plaintext it was not told to expect, one sent twice, or one of the wrong length", async () => {
    const blob = new Blob([plaintext]);
    const segment = (index: number, length = SEGMENT_BYTES) => ({ type: "plain", index, bytes: new ArrayBuffer(length) });
    const cases: unknown[][] = [
      [init(blob), { type: "hash", relayed: [0] }, segment(1)],
      [init(blob), { type: "hash", relayed: [0] }, segment(0), segment(0)],
      [init(blob), { type: "hash", relayed: [0] }, segment(0, SEGMENT_BYTES - 1)],
      [init(blob), { type: "hash", relayed: [2] }, segment(2, SEGMENT_BYTES)],
      [init(blob), segment(0)],
      [init(blob), { type: "hash", relayed: [3] }],
      [init(blob), { type: "hash", relayed: "0" }],
      [init(blob), { type: "segment", index: 0, relay: "yes" }],
    ];
    for (const messages of cases) {
      const run = await runWorker(messages, () => false);
      expect(run.error, JSON.stringify(messages.map((m) => (m as { type?: string })?.type))).toEqual({ type: "error", code: "evidence.invalidRequest" });
    }
  });
});

describe("the sealed segment digests are checked before anything is encrypted", () => {
  it("another file of the same size: 'evidence.fileChanged' at the segment asked for, nothing encrypted, nothing hashed", async () => {
    const other = new Blob([randomBytes(plaintext.length)]);
    const run = await runWorker([init(other), { type: "segment", index: 1 }], partsDone(1));
    expect(run.error).toEqual({ type: "error", code: "evidence.fileChanged", partNumber: 2 });
    expect(run.parts.size).toBe(0);
    expect(run.stats.bytesEncrypted).toBe(0);
    const hashing = await runWorker([init(other), { type: "hash" }], (e) => e.some((x) => x.type === "hashed"));
    expect(hashing.error).toEqual({ type: "error", code: "evidence.fileChanged", partNumber: 1 });
    expect(hashing.stats.bytesHashed).toBe(0);
  });

  it("a file changed in its third segment: the first two still encrypt; the third is refused unencrypted, and the hash stops there", async () => {
    const changed = plaintext.slice();
    changed[2 * SEGMENT_BYTES + 5] = (changed[2 * SEGMENT_BYTES + 5] ?? 0) ^ 1;
    const run = await runWorker([init(new Blob([changed])), { type: "segment", index: 0 }, { type: "segment", index: 1 }, { type: "segment", index: 2 }], partsDone(3));
    expect([...run.parts.keys()]).toEqual([1, 2]);
    expect(run.error).toEqual({ type: "error", code: "evidence.fileChanged", partNumber: 3 });
    expect(run.stats.encrypted).toEqual([0, 1]);
    expect(run.stats.bytesEncrypted).toBe(2 * SEGMENT_BYTES);
    const hashing = await runWorker([init(new Blob([changed])), { type: "hash" }], (e) => e.some((x) => x.type === "hashed"));
    expect(hashing.hashed).toBeUndefined();
    expect(hashing.stats.bytesHashed).toBe(2 * SEGMENT_BYTES);
  });

  it("a file that reads short, or not at all: 'evidence.fileChanged' / 'evidence.readFailed'", async () => {
    const short = await runWorker([init(new FlakyBlob(plaintext, { shortFrom: SEGMENT_BYTES + 1 })), { type: "segment", index: 1 }], partsDone(1));
    expect(short.error).toMatchObject({ code: "evidence.fileChanged" });
    const unreadable = await runWorker([init(new FlakyBlob(plaintext, { failFrom: 0 })), { type: "segment", index: 0 }], partsDone(1));
    expect(unreadable.error).toMatchObject({ code: "evidence.readFailed" });
    expect(unreadable.stats.bytesEncrypted).toBe(0);
  });

  it("after an error the worker posts nothing more", async () => {
    const other = new Blob([randomBytes(plaintext.length)]);
    const events: EncryptEvent[] = [];
    const handle = createEncryptWorkerHandler((event) => events.push(event));
    handle(init(other));
    handle({ type: "segment", index: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    handle({ type: "segment", index: 0 });
    handle({ type: "hash" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events).toEqual([{ type: "error", code: "evidence.fileChanged", partNumber: 1 }]);
  });
});

describe("the message handler refuses malformed requests", () => {
  it("bad keys, digest lists, segment numbers, a second init, work before init", async () => {
    const blob = new Blob([plaintext]);
    const cases: unknown[][] = [
      [init(blob, { fileKey: new Uint8Array(31) })],
      [init(blob, { segments: segments.slice(1) })],
      [init(blob, { segments: [1, 2, 3] as unknown as string[] })],
      [init("not a blob" as unknown as Blob)],
      [init(blob), { type: "segment", index: 3 }],
      [init(blob), { type: "segment", index: -1 }],
      [init(blob), { type: "segment", index: 0.5 }],
      [init(blob), init(blob)],
      [{ type: "segment", index: 0 }],
      [{ type: "hash" }],
      [init(blob), { type: "hash" }, { type: "hash" }],
    ];
    for (const messages of cases) {
      const run = await runWorker([{ type: "nonsense" }, null, ...messages], () => false);
      expect(run.error, JSON.stringify(messages.map((m) => (m as { type?: string })?.type))).toEqual({ type: "error", code: "evidence.invalidRequest" });
      expect(run.parts.size).toBe(0);
    }
  });
});
