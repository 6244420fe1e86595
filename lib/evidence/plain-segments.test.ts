import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fileSegmentDigests, SEGMENT_BYTES } from "./plain-segments";

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");

describe("fileSegmentDigests", () => {
  it("gives each segment's SHA-256 in order and reports progress up to the size", async () => {
    const plaintext = new Uint8Array(randomBytes(2 * SEGMENT_BYTES + 99));
    const progress: number[] = [];
    const digests = await fileSegmentDigests(new Blob([plaintext]), (bytes) => progress.push(bytes));
    expect(digests).toEqual([
      digest(plaintext.subarray(0, SEGMENT_BYTES)),
      digest(plaintext.subarray(SEGMENT_BYTES, 2 * SEGMENT_BYTES)),
      digest(plaintext.subarray(2 * SEGMENT_BYTES)),
    ]);
    expect(progress).toEqual([SEGMENT_BYTES, 2 * SEGMENT_BYTES, 2 * SEGMENT_BYTES + 99]);
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
    expect(progress).toEqual([SEGMENT_BYTES]);
  });
});
