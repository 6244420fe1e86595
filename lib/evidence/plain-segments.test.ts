import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fileSegmentDigests, SEGMENT_BYTES } from "./plain-segments";

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");

describe("fileSegmentDigests", () => {
  it("gives each segment's SHA-256 in order and reports progress, rising, up to the size", async () => {
    const plaintext = new Uint8Array(randomBytes(2 * SEGMENT_BYTES + 99));
    const progress: number[] = [];
    const digests = await fileSegmentDigests(new Blob([plaintext]), (bytes) => progress.push(bytes));
    expect(digests).toEqual([
      digest(plaintext.subarray(0, SEGMENT_BYTES)),
      digest(plaintext.subarray(SEGMENT_BYTES, 2 * SEGMENT_BYTES)),
      digest(plaintext.subarray(2 * SEGMENT_BYTES)),
    ]);
    // Segments finish in any order: one report per segment, each the bytes hashed so far.
    expect(progress).toHaveLength(3);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBe(2 * SEGMENT_BYTES + 99);
  });

  it("gives an empty file one segment, the empty one", async () => {
    expect(await fileSegmentDigests(new Blob([]))).toEqual([digest(new Uint8Array(0))]);
  });

  it("answers null for a file that reads shorter than its size, at the segment where it does", async () => {
    const plaintext = new Uint8Array(randomBytes(SEGMENT_BYTES + 10));
    const whole = new Blob([plaintext]);
    // A file cut short after its size was taken: the second slice comes back 1 byte short.
    const shrunk = { size: plaintext.length, slice: (start: number, end: number) => whole.slice(start, Math.min(end, plaintext.length - 1)) } as unknown as Blob;
    const progress: number[] = [];
    expect(await fileSegmentDigests(shrunk, (bytes) => progress.push(bytes))).toBeNull();
    expect(progress.every((bytes) => bytes < plaintext.length)).toBe(true);
  });
});

describe("fileSegmentDigests, memory", () => {
  it("wipes and releases each segment it read once hashed (none left for the collector)", async () => {
    const plaintext = new Uint8Array(randomBytes(2 * SEGMENT_BYTES + 5));
    const whole = new Blob([plaintext]);
    const read: ArrayBuffer[] = [];
    const recording = {
      size: plaintext.length,
      slice: (start: number, end: number) => ({ arrayBuffer: () => whole.slice(start, end).arrayBuffer().then((buffer) => (read.push(buffer), buffer)) }),
    } as unknown as Blob;
    expect(await fileSegmentDigests(recording)).toHaveLength(3);
    expect(read.map((buffer) => buffer.byteLength)).toEqual([0, 0, 0]);
  });
});

describe("fileSegmentDigests, reading several segments at once", () => {
  it("holds at most three segments in flight, and still lists every digest in file order", async () => {
    const plaintext = new Uint8Array(randomBytes(7 * SEGMENT_BYTES + 1));
    const whole = new Blob([plaintext]);
    let inFlight = 0;
    let most = 0;
    const watched = {
      size: plaintext.length,
      slice: (start: number, end: number) => ({
        arrayBuffer: async () => {
          most = Math.max(most, ++inFlight);
          // The later segments come back first: the order of the list must not follow the reads.
          await new Promise((resolve) => setTimeout(resolve, 20 - start / SEGMENT_BYTES));
          inFlight--;
          return whole.slice(start, end).arrayBuffer();
        },
      }),
    } as unknown as Blob;
    const digests = await fileSegmentDigests(watched);
    expect(most).toBe(3);
    expect(digests).toEqual(Array.from({ length: 8 }, (_, i) => digest(plaintext.subarray(i * SEGMENT_BYTES, (i + 1) * SEGMENT_BYTES))));
  });

  it("rejects when a read fails, and reads nothing more after it", async () => {
    let reads = 0;
    const failing = {
      size: 6 * SEGMENT_BYTES,
      slice: (start: number) => ({
        arrayBuffer: async () => {
          reads++;
          if (start === SEGMENT_BYTES) throw new DOMException("file changed on disk", "NotReadableError");
          return new ArrayBuffer(SEGMENT_BYTES);
        },
      }),
    } as unknown as Blob;
    await expect(fileSegmentDigests(failing)).rejects.toThrow("file changed on disk");
    expect(reads).toBe(3); // the three lanes' first reads; none after the failure
  });
});
