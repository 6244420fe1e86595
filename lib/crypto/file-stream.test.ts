/**
 * File streams, version 0x02 (segmented): layout, round trips at chunk and
 * segment boundaries, a fresh header for every segment of every encryption
 * (no (key, header) pair twice), and every tampering — within a segment or
 * with whole segments — fails with a CryptoError. Version 0x01 files still
 * decrypt and still refuse tampering.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { concatBytes, toHex, utf8Encode } from "./encoding";
import {
  FILE_CHUNK_BYTES,
  FILE_CIPHER_CHUNK_BYTES,
  FILE_HEADER_BYTES,
  FILE_SEGMENT_BYTES,
  FILE_SEGMENT_CIPHER_BYTES,
  createFileDecoder,
  decryptFile,
  encryptFile,
  encryptFileSegment,
  fileSegmentCount,
  segmentCipherBytes,
} from "./file-stream";
import { newFileKey } from "./file-key";
import { loadSodium } from "./sodium";
import { encryptFileV1ForTests, expectCryptoError, flipByte } from "./test-support";

let fileKey: Uint8Array;
let plaintext: Uint8Array; // 2 segments of 4 MiB and one of 123 bytes
let ciphertext: Uint8Array;

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) {
    crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  }
  return out;
}

/** Split a 0x02 ciphertext into its segments (full ones are FILE_SEGMENT_CIPHER_BYTES). */
function segmentsOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += FILE_SEGMENT_CIPHER_BYTES) out.push(bytes.slice(offset, offset + FILE_SEGMENT_CIPHER_BYTES));
  return out;
}

/** Feed `bytes` to a decoder of `length` in pieces of the given sizes (cycled); the plaintext if it finishes. */
async function decodeInPieces(bytes: Uint8Array, key: Uint8Array, sizes: number[], length = bytes.length): Promise<Uint8Array> {
  const decoder = await createFileDecoder(key, length);
  const out: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    out.push(...decoder.push(bytes.slice(offset, offset + size)));
    offset += size;
  }
  decoder.finish();
  return concatBytes(...out);
}

/** Byte equality without building hex strings of megabytes. */
function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/** Positions at which a and b hold the same byte. */
function equalPositions(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] === b[i]) same++;
  return same;
}

/** "casevault/file/v2" ‖ index ‖ flag, built here independently of the module. */
function ad(index: number, last: boolean): Uint8Array {
  const label = utf8Encode("casevault/file/v2");
  return concatBytes(label, Uint8Array.of(index >>> 24, (index >>> 16) & 255, (index >>> 8) & 255, index & 255), Uint8Array.of(last ? 1 : 0));
}

beforeAll(async () => {
  fileKey = await newFileKey();
  plaintext = randomBytes(2 * FILE_SEGMENT_BYTES + 123);
  ciphertext = await encryptFile(plaintext, fileKey);
});

describe("layout (version 0x02)", () => {
  it("is one segment per 4 MiB of plaintext, each 0x02 ‖ its own header ‖ 64 KiB chunks", () => {
    expect(FILE_SEGMENT_BYTES).toBe(4 * 1024 * 1024);
    expect(FILE_SEGMENT_CIPHER_BYTES).toBe(25 + 4 * 1024 * 1024 + 64 * 17);
    const segments = segmentsOf(ciphertext);
    expect(segments.map((s) => s.length)).toEqual([FILE_SEGMENT_CIPHER_BYTES, FILE_SEGMENT_CIPHER_BYTES, 25 + 123 + 17]);
    expect(segments.map((s) => s[0])).toEqual([2, 2, 2]);
    expect(ciphertext.length).toBe(2 * FILE_SEGMENT_CIPHER_BYTES + segmentCipherBytes(123));
    expect(fileSegmentCount(0)).toBe(1);
    expect(fileSegmentCount(FILE_SEGMENT_BYTES)).toBe(1);
    expect(fileSegmentCount(FILE_SEGMENT_BYTES + 1)).toBe(2);
  });

  it("an empty file is one segment with one empty FINAL chunk", async () => {
    const empty = await encryptFile(new Uint8Array(0), fileKey);
    expect(empty.length).toBe(FILE_HEADER_BYTES + 17);
    expect((await decryptFile(empty, fileKey)).length).toBe(0);
  });

  it("encryptFileSegment takes exactly 4 MiB unless last, and an empty segment only as the whole (empty) file", async () => {
    await expectCryptoError(encryptFileSegment(fileKey, 0, false, new Uint8Array(10)), "invalid_input");
    await expectCryptoError(encryptFileSegment(fileKey, 0, true, new Uint8Array(FILE_SEGMENT_BYTES + 1)), "invalid_input");
    await expectCryptoError(encryptFileSegment(fileKey, 1, true, new Uint8Array(0)), "invalid_input");
    await expectCryptoError(encryptFileSegment(fileKey, -1, true, new Uint8Array(1)), "invalid_input");
    await expectCryptoError(encryptFileSegment(new Uint8Array(31), 0, true, new Uint8Array(1)), "invalid_input");
    expect((await encryptFileSegment(fileKey, 0, true, new Uint8Array(0))).length).toBe(42);
  });

  it("binds each chunk to 'casevault/file/v2' ‖ segment index (u32 BE) ‖ last flag", async () => {
    const sodium = await loadSodium();
    const segment = segmentsOf(ciphertext)[1]!;
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(segment.subarray(1, 25), fileKey);
    const firstChunk = segment.subarray(25, 25 + FILE_CIPHER_CHUNK_BYTES);
    const opened = sodium.crypto_secretstream_xchacha20poly1305_pull(state, firstChunk, ad(1, false));
    expect(opened && toHex(opened.message)).toBe(toHex(plaintext.subarray(FILE_SEGMENT_BYTES, FILE_SEGMENT_BYTES + FILE_CHUNK_BYTES)));
    for (const wrong of [ad(1, true), ad(0, false), ad(2, false), null]) {
      const again = sodium.crypto_secretstream_xchacha20poly1305_init_pull(segment.subarray(1, 25), fileKey);
      let result: unknown;
      try {
        result = sodium.crypto_secretstream_xchacha20poly1305_pull(again, firstChunk, wrong);
      } catch {
        result = false;
      }
      expect(result).toBe(false);
    }
  });
});

describe("round trips", () => {
  for (const size of [0, 1, FILE_CHUNK_BYTES - 1, FILE_CHUNK_BYTES, FILE_CHUNK_BYTES + 1, FILE_SEGMENT_BYTES - 1, FILE_SEGMENT_BYTES, FILE_SEGMENT_BYTES + 1, 2 * FILE_SEGMENT_BYTES]) {
    it(`whole buffer, ${size} bytes`, async () => {
      const data = randomBytes(size);
      const sealed = await encryptFile(data, fileKey);
      expect(sealed.length).toBe(fileSegmentCount(size) === 1 ? segmentCipherBytes(size) : (fileSegmentCount(size) - 1) * FILE_SEGMENT_CIPHER_BYTES + segmentCipherBytes(size - (fileSegmentCount(size) - 1) * FILE_SEGMENT_BYTES));
      expect(same(await decryptFile(sealed, fileKey), data)).toBe(true);
    });
  }

  it("the decoder takes the bytes in any chunking (network pieces across chunk and segment boundaries)", async () => {
    expect(same(await decodeInPieces(ciphertext, fileKey, [1, 7_000, 65_553, 1_000_003, 3]), plaintext)).toBe(true);
    expect(same(await decodeInPieces(ciphertext, fileKey, [FILE_SEGMENT_CIPHER_BYTES]), plaintext)).toBe(true);
  });

  it("segments encrypted separately (as the worker pool does) form the same file format", async () => {
    const parts = await Promise.all([0, 1, 2].map((i) => encryptFileSegment(fileKey, i, i === 2, plaintext.subarray(i * FILE_SEGMENT_BYTES, Math.min(plaintext.length, (i + 1) * FILE_SEGMENT_BYTES)))));
    expect(same(await decryptFile(concatBytes(...parts), fileKey), plaintext)).toBe(true);
  });
});

describe("no keystream reuse: a fresh header for every segment of every encryption", () => {
  it("two encryptions of the same plaintext under the same key share no header and no ciphertext beyond chance", async () => {
    const again = await encryptFile(plaintext, fileKey);
    expect(again.length).toBe(ciphertext.length);
    const a = segmentsOf(ciphertext);
    const b = segmentsOf(again);
    const headers = new Set([...a, ...b].map((s) => toHex(s.subarray(0, FILE_HEADER_BYTES))));
    expect(headers.size).toBe(a.length + b.length);
    // Same bytes at a position by chance: ~1/256 of them. A repeated keystream would make them all equal.
    const equal = equalPositions(ciphertext.subarray(1), again.subarray(1));
    expect(equal / ciphertext.length).toBeLessThan(0.01);
    // Each full segment alone too (the short last one is too small for a ratio: it differs, that is all).
    for (let i = 0; i < a.length - 1; i++) expect(equalPositions(a[i]!.subarray(FILE_HEADER_BYTES), b[i]!.subarray(FILE_HEADER_BYTES)) / a[i]!.length).toBeLessThan(0.01);
    expect(same(a.at(-1)!.subarray(FILE_HEADER_BYTES), b.at(-1)!.subarray(FILE_HEADER_BYTES))).toBe(false);
    expect(same(await decryptFile(again, fileKey), plaintext)).toBe(true);
  });

  it("two different files of the same size under one key never share (key, header)", async () => {
    const other = await encryptFile(randomBytes(plaintext.length), fileKey);
    const headers = [...segmentsOf(ciphertext), ...segmentsOf(other)].map((s) => toHex(s.subarray(1, FILE_HEADER_BYTES)));
    expect(new Set(headers).size).toBe(headers.length);
    // Re-encrypting one segment many times never repeats its header either.
    const segment = plaintext.subarray(0, FILE_SEGMENT_BYTES);
    const again = await Promise.all(Array.from({ length: 8 }, () => encryptFileSegment(fileKey, 0, false, segment)));
    expect(new Set(again.map((s) => toHex(s.subarray(1, FILE_HEADER_BYTES)))).size).toBe(8);
  });
});

describe("segments out of place fail (whole-segment attacks)", () => {
  let s: Uint8Array[];
  beforeAll(() => {
    s = segmentsOf(ciphertext);
  });

  it("reordered segments", async () => {
    const swapped = concatBytes(s[1]!, s[0]!, s[2]!);
    await expectCryptoError(decryptFile(swapped, fileKey), "damaged");
    await expectCryptoError(decodeInPieces(swapped, fileKey, [100_000]), "damaged");
  });

  it("a duplicated segment (in place of another)", async () => {
    await expectCryptoError(decryptFile(concatBytes(s[0]!, s[0]!, s[2]!), fileKey), "damaged");
  });

  it("a dropped segment", async () => {
    await expectCryptoError(decryptFile(concatBytes(s[0]!, s[2]!), fileKey), "damaged");
  });

  it("truncated at a segment boundary: the last present segment was not sealed as the last", async () => {
    await expectCryptoError(decryptFile(concatBytes(s[0]!, s[1]!), fileKey), "damaged");
    await expectCryptoError(decryptFile(s[0]!, fileKey), "damaged");
    // Read against the announced length, the same cut is an early end.
    await expectCryptoError(decodeInPieces(concatBytes(s[0]!, s[1]!), fileKey, [65_553], ciphertext.length), "truncated");
  });

  it("anything appended after the last segment: another segment, even one validly sealed for the next index", async () => {
    const next = await encryptFileSegment(fileKey, 3, true, new Uint8Array(10));
    await expectCryptoError(decryptFile(concatBytes(ciphertext, next), fileKey), "damaged");
    await expectCryptoError(decryptFile(concatBytes(ciphertext, s[2]!), fileKey), "damaged");
    await expectCryptoError(decryptFile(concatBytes(ciphertext, new Uint8Array(1)), fileKey), "damaged");
    await expectCryptoError(decodeInPieces(concatBytes(ciphertext, new Uint8Array(1)), fileKey, [1_000_000], ciphertext.length), "damaged");
  });

  it("a segment from another file (another file key) in its place", async () => {
    const foreign = segmentsOf(await encryptFile(randomBytes(plaintext.length), await newFileKey()));
    await expectCryptoError(decryptFile(concatBytes(s[0]!, foreign[1]!, s[2]!), fileKey), "damaged");
  });

  it("a non-last segment whose stream ends early, even sealed with its own index and flag", async () => {
    const sodium = await loadSodium();
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const chunks = [sodium.crypto_secretstream_xchacha20poly1305_push(state, new Uint8Array(FILE_CHUNK_BYTES), ad(1, false), sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL)];
    // Padded with more MESSAGE chunks to a full segment's length, so the layout looks right.
    for (let i = 1; i < 64; i++) chunks.push(sodium.crypto_secretstream_xchacha20poly1305_push(state, new Uint8Array(FILE_CHUNK_BYTES), ad(1, false), sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE));
    const forged = concatBytes(Uint8Array.of(2), header, ...chunks);
    expect(forged.length).toBe(FILE_SEGMENT_CIPHER_BYTES);
    await expectCryptoError(decryptFile(concatBytes(s[0]!, forged, s[2]!), fileKey), "damaged");
  });

  it("a flipped byte in a later segment's header or version byte, in a chunk, in the last tag", async () => {
    for (const index of [FILE_SEGMENT_CIPHER_BYTES + 3, FILE_SEGMENT_CIPHER_BYTES, FILE_SEGMENT_CIPHER_BYTES + 25 + 1000, ciphertext.length - 1]) {
      await expectCryptoError(decryptFile(flipByte(ciphertext, index), fileKey), "damaged");
    }
  });

  it("an unknown version, a wrong key", async () => {
    const bad = ciphertext.slice();
    bad[0] = 3;
    await expectCryptoError(decryptFile(bad, fileKey), "wrong_version");
    await expectCryptoError(decryptFile(ciphertext, await newFileKey()), "damaged");
  });

  it("the decoder reports the segment that failed, and stays failed", async () => {
    const decoder = await createFileDecoder(fileKey, ciphertext.length);
    decoder.push(s[0]!);
    expect(decoder.segment).toBe(0);
    await expectCryptoError(() => decoder.push(flipByte(s[1]!, 5000)), "damaged");
    expect(decoder.segment).toBe(1);
    await expectCryptoError(() => decoder.push(s[2]!), "damaged");
    await expectCryptoError(() => decoder.finish(), "damaged");
  });

  it("the decoder refuses another version or header than the metadata records", async () => {
    const v1 = await encryptFileV1ForTests(plaintext.subarray(0, 1000), fileKey);
    await expectCryptoError(async () => (await createFileDecoder(fileKey, v1.ciphertext.length, { expectVersion: 2 })).push(v1.ciphertext), "damaged");
    await expectCryptoError(async () => (await createFileDecoder(fileKey, ciphertext.length, { expectVersion: 1 })).push(ciphertext), "damaged");
    const otherHeader = flipByte(v1.header, 10);
    await expectCryptoError(async () => (await createFileDecoder(fileKey, v1.ciphertext.length, { expectVersion: 1, expectHeader: otherHeader })).push(v1.ciphertext), "damaged");
  });
});

describe("version 0x01 files (written before segments) still decrypt", () => {
  let v1: { ciphertext: Uint8Array; header: Uint8Array };
  let v1Plain: Uint8Array;
  beforeAll(async () => {
    v1Plain = randomBytes(3 * FILE_CHUNK_BYTES + 123);
    v1 = await encryptFileV1ForTests(v1Plain, fileKey);
  });

  it("whole, and through the decoder in odd pieces with the recorded header", async () => {
    expect(v1.ciphertext[0]).toBe(1);
    expect(same(await decryptFile(v1.ciphertext, fileKey), v1Plain)).toBe(true);
    const decoder = await createFileDecoder(fileKey, v1.ciphertext.length, { expectVersion: 1, expectHeader: v1.header });
    const out = [...decoder.push(v1.ciphertext.slice(0, 30_000)), ...decoder.push(v1.ciphertext.slice(30_000))];
    decoder.finish();
    expect(decoder.version).toBe(1);
    expect(decoder.segment).toBeUndefined();
    expect(same(concatBytes(...out), v1Plain)).toBe(true);
    for (const size of [0, FILE_CHUNK_BYTES, 5 * FILE_SEGMENT_BYTES / 4]) {
      const data = randomBytes(size);
      expect(same(await decryptFile((await encryptFileV1ForTests(data, fileKey)).ciphertext, fileKey), data)).toBe(true);
    }
  });

  it("and still refuse reordered, dropped and extra chunks, and flipped bytes", async () => {
    const c = v1.ciphertext;
    const chunk = (i: number) => c.subarray(FILE_HEADER_BYTES + i * FILE_CIPHER_CHUNK_BYTES, Math.min(c.length, FILE_HEADER_BYTES + (i + 1) * FILE_CIPHER_CHUNK_BYTES));
    await expectCryptoError(decryptFile(concatBytes(v1.header, chunk(1), chunk(0), chunk(2), chunk(3)), fileKey), "damaged");
    await expectCryptoError(decryptFile(concatBytes(v1.header, chunk(0), chunk(1), chunk(2)), fileKey), "truncated");
    await expectCryptoError(decryptFile(concatBytes(c, new Uint8Array(17)), fileKey), "damaged");
    await expectCryptoError(decryptFile(flipByte(c, 100), fileKey), "damaged");
    await expectCryptoError(decryptFile(c.slice(0, 10), fileKey), "truncated");
  });
});
