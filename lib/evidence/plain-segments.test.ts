import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FileSizeChanged, fileSegmentDigests, fileSegments, SEGMENT_BYTES } from "./plain-segments";

const digest = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("base64url");

/** A Blob whose stream() is a plain (not byte) stream of `chunks`: the path browsers without byte streams take. */
function chunkedBlob(size: number, chunks: Uint8Array[]): Blob {
  return {
    size,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          controller.close();
        },
      }),
  } as unknown as Blob;
}

async function collect(file: Blob): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const segment of fileSegments(file)) out.push(segment.slice());
  return out;
}

/** Cuts `bytes` into chunks of uneven sizes, none aligned with a segment. */
function unevenChunks(bytes: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0, step = 1; at < bytes.length; at += step, step = (step * 7 + 65_537) % 3_000_001) chunks.push(bytes.subarray(at, at + step));
  return chunks;
}

describe("fileSegments", () => {
  const plaintext: Uint8Array<ArrayBuffer> = new Uint8Array(randomBytes(2 * SEGMENT_BYTES + 12_345));
  const expected = [plaintext.subarray(0, SEGMENT_BYTES), plaintext.subarray(SEGMENT_BYTES, 2 * SEGMENT_BYTES), plaintext.subarray(2 * SEGMENT_BYTES)];

  it("cuts a byte stream (read into each segment's own buffer) into the file's segments", async () => {
    const segments = await collect(new Blob([plaintext]));
    expect(segments.map((s) => s.length)).toEqual([SEGMENT_BYTES, SEGMENT_BYTES, 12_345]);
    expect(segments.map(digest)).toEqual(expected.map(digest));
  });

  it("cuts a plain stream of uneven chunks into the same segments", async () => {
    const segments = await collect(chunkedBlob(plaintext.length, unevenChunks(plaintext)));
    expect(segments.map(digest)).toEqual(expected.map(digest));
  });

  it("gives an empty file one empty segment, on both kinds of stream", async () => {
    expect((await collect(new Blob([]))).map((s) => s.length)).toEqual([0]);
    expect((await collect(chunkedBlob(0, []))).map((s) => s.length)).toEqual([0]);
  });

  it("refuses a file that reads shorter or longer than its size", async () => {
    await expect(collect(chunkedBlob(plaintext.length, [plaintext.subarray(0, plaintext.length - 1)]))).rejects.toBeInstanceOf(FileSizeChanged);
    await expect(collect(chunkedBlob(plaintext.length - 1, [plaintext]))).rejects.toBeInstanceOf(FileSizeChanged);
    // The same on a byte stream: a Blob whose size was taken before the file changed.
    const byteStreamOf = (bytes: Uint8Array<ArrayBuffer>, size: number) => ({ size, stream: () => new Blob([bytes]).stream() }) as unknown as Blob;
    await expect(collect(byteStreamOf(plaintext.subarray(1), plaintext.length))).rejects.toBeInstanceOf(FileSizeChanged);
    await expect(collect(byteStreamOf(plaintext, plaintext.length - 1))).rejects.toBeInstanceOf(FileSizeChanged);
  });
});

describe("fileSegmentDigests", () => {
  it("gives each segment's SHA-256 in order and reports progress up to the size", async () => {
    const plaintext = new Uint8Array(randomBytes(SEGMENT_BYTES + 99));
    const progress: number[] = [];
    const digests = await fileSegmentDigests(new Blob([plaintext]), (bytes) => progress.push(bytes));
    expect(digests).toEqual([digest(plaintext.subarray(0, SEGMENT_BYTES)), digest(plaintext.subarray(SEGMENT_BYTES))]);
    expect(progress).toEqual([SEGMENT_BYTES, SEGMENT_BYTES + 99]);
  });

  it("answers null for a file whose bytes do not add up to its size", async () => {
    expect(await fileSegmentDigests(chunkedBlob(10, [new Uint8Array(9)]))).toBeNull();
  });
});
