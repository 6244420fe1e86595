/**
 * File streams: 64 KiB chunk layout, round trips at chunk boundaries, and every tamper/truncation fails with a CryptoError.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { concatBytes, toHex } from "./encoding";
import {
  FILE_CHUNK_BYTES,
  FILE_CIPHER_CHUNK_BYTES,
  FILE_HEADER_BYTES,
  createFileDecryptor,
  createFileEncryptor,
  createFileEncryptorWithHeader,
  decryptFile,
  decryptFileStream,
  encryptFile,
  encryptFileStream,
} from "./file-stream";
import { newFileKey } from "./file-key";
import { loadSodium } from "./sodium";
import { expectCryptoError, flipByte } from "./test-support";

let fileKey: Uint8Array;
let plaintext: Uint8Array; // 200 KiB + 123 bytes: 3 full chunks and a partial final one
let ciphertext: Uint8Array;

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) {
    crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + 65536)));
  }
  return out;
}

/** A stream that hands out `bytes` in pieces of the given sizes (cycled), like File.stream() does. */
function streamOf(bytes: Uint8Array, sizes: number[] = [10_000]): ReadableStream<Uint8Array> {
  let offset = 0;
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      const size = sizes[i++ % sizes.length] ?? 1;
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(...parts);
    parts.push(value);
  }
}

/** Split a whole ciphertext into header and chunks. */
function split(bytes: Uint8Array): { header: Uint8Array; chunks: Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  for (let offset = FILE_HEADER_BYTES; offset < bytes.length; offset += FILE_CIPHER_CHUNK_BYTES) {
    chunks.push(bytes.slice(offset, offset + FILE_CIPHER_CHUNK_BYTES));
  }
  return { header: bytes.slice(0, FILE_HEADER_BYTES), chunks };
}

beforeAll(async () => {
  fileKey = await newFileKey();
  plaintext = randomBytes(3 * FILE_CHUNK_BYTES + 123);
  ciphertext = await encryptFile(plaintext, fileKey);
});

describe("layout", () => {
  it("is header (version 1 + 24 bytes), full 64 KiB chunks, then a shorter FINAL chunk", () => {
    expect(ciphertext[0]).toBe(1);
    expect(ciphertext.length).toBe(FILE_HEADER_BYTES + 3 * FILE_CIPHER_CHUNK_BYTES + 123 + 17);
    const { chunks } = split(ciphertext);
    expect(chunks.map((c) => c.length)).toEqual([FILE_CIPHER_CHUNK_BYTES, FILE_CIPHER_CHUNK_BYTES, FILE_CIPHER_CHUNK_BYTES, 140]);
  });
});

describe("round trips", () => {
  for (const size of [0, 1, FILE_CHUNK_BYTES - 1, FILE_CHUNK_BYTES, FILE_CHUNK_BYTES + 1, 2 * FILE_CHUNK_BYTES]) {
    it(`whole buffer, ${size} bytes`, async () => {
      const data = randomBytes(size);
      const sealed = await encryptFile(data, fileKey);
      expect(toHex(await decryptFile(sealed, fileKey))).toBe(toHex(data));
    });
  }

  it("streams: File.stream()-style odd chunking in, any chunking out, same bytes as encryptFile's layout", async () => {
    const encrypted = await readAll(await encryptFileStream(streamOf(plaintext, [1, 7_000, 65_536, 100_000, 3]), fileKey));
    expect(encrypted.length).toBe(ciphertext.length);
    const decrypted = await readAll(await decryptFileStream(streamOf(encrypted, [5, 30_000, 70_000, 1]), fileKey));
    expect(toHex(decrypted)).toBe(toHex(plaintext));
    // And the whole-buffer decryptor reads the streamed output.
    expect(toHex(await decryptFile(encrypted, fileKey))).toBe(toHex(plaintext));
  });

  it("streams an empty file and a file of exactly one chunk", async () => {
    for (const size of [0, FILE_CHUNK_BYTES]) {
      const data = randomBytes(size);
      const encrypted = await readAll(await encryptFileStream(streamOf(data), fileKey));
      expect(toHex(await readAll(await decryptFileStream(streamOf(encrypted), fileKey)))).toBe(toHex(data));
    }
  });

  it("incremental API: init → push(chunk, final) → header", async () => {
    const encryptor = await createFileEncryptor(fileKey);
    const a = encryptor.push(plaintext.subarray(0, FILE_CHUNK_BYTES), false);
    const b = encryptor.push(plaintext.subarray(FILE_CHUNK_BYTES, FILE_CHUNK_BYTES + 10), true);
    const decryptor = await createFileDecryptor(fileKey, encryptor.header);
    const out = concatBytes(decryptor.pull(a), decryptor.pull(b));
    expect(decryptor.done).toBe(true);
    decryptor.finish();
    expect(toHex(out)).toBe(toHex(plaintext.subarray(0, FILE_CHUNK_BYTES + 10)));
  });

  it("the encryptor enforces full non-final chunks and nothing after FINAL", async () => {
    const encryptor = await createFileEncryptor(fileKey);
    await expectCryptoError(() => encryptor.push(new Uint8Array(10), false), "invalid_input");
    await expectCryptoError(() => encryptor.push(new Uint8Array(FILE_CHUNK_BYTES + 1), true), "invalid_input");
    encryptor.push(new Uint8Array(10), true);
    await expectCryptoError(() => encryptor.push(new Uint8Array(1), true), "invalid_input");
  });
});

/** Every chunk of `data` through `encryptor`, as one buffer (header first). */
function encryptAll(encryptor: { header: Uint8Array; push(chunk: Uint8Array, final: boolean): Uint8Array }, data: Uint8Array): Uint8Array {
  const pieces = [encryptor.header];
  let offset = 0;
  while (data.length - offset > FILE_CHUNK_BYTES) {
    pieces.push(encryptor.push(data.subarray(offset, offset + FILE_CHUNK_BYTES), false));
    offset += FILE_CHUNK_BYTES;
  }
  pieces.push(encryptor.push(data.subarray(offset), true));
  return concatBytes(...pieces);
}

describe("rebuilding an encryptor from a known header (resumable uploads)", () => {
  it("gives byte-identical ciphertext to the encryptor that made the header, and both decrypt", async () => {
    const fresh = await createFileEncryptor(fileKey);
    const first = encryptAll(fresh, plaintext);
    const rebuilt = await createFileEncryptorWithHeader(fileKey, fresh.header);
    expect(toHex(rebuilt.header)).toBe(toHex(fresh.header));
    const second = encryptAll(rebuilt, plaintext);
    expect(toHex(second)).toBe(toHex(first));
    expect(toHex(await decryptFile(first, fileKey))).toBe(toHex(plaintext));
    expect(toHex(await decryptFile(second, fileKey))).toBe(toHex(plaintext));
    // Rebuilt twice more: still the same bytes (no hidden randomness).
    const third = encryptAll(await createFileEncryptorWithHeader(fileKey, fresh.header), plaintext);
    expect(toHex(third)).toBe(toHex(first));
  });

  it("is deterministic for the empty file and a single full chunk too", async () => {
    for (const size of [0, FILE_CHUNK_BYTES]) {
      const data = randomBytes(size);
      const fresh = await createFileEncryptor(fileKey);
      const first = encryptAll(fresh, data);
      const again = encryptAll(await createFileEncryptorWithHeader(fileKey, fresh.header), data);
      expect(toHex(again)).toBe(toHex(first));
    }
  });

  it("a different key or header gives different ciphertext", async () => {
    const fresh = await createFileEncryptor(fileKey);
    const first = encryptAll(fresh, plaintext);
    const otherHeader = (await createFileEncryptor(fileKey)).header;
    expect(toHex(otherHeader)).not.toBe(toHex(fresh.header));
    const withOtherHeader = encryptAll(await createFileEncryptorWithHeader(fileKey, otherHeader), plaintext);
    expect(toHex(withOtherHeader.subarray(FILE_HEADER_BYTES))).not.toBe(toHex(first.subarray(FILE_HEADER_BYTES)));
    const withOtherKey = encryptAll(await createFileEncryptorWithHeader(await newFileKey(), fresh.header), plaintext);
    expect(toHex(withOtherKey.subarray(FILE_HEADER_BYTES))).not.toBe(toHex(first.subarray(FILE_HEADER_BYTES)));
  });

  it("does not keep a reference to the caller's header", async () => {
    const header = (await createFileEncryptor(fileKey)).header;
    const rebuilt = await createFileEncryptorWithHeader(fileKey, header);
    header[5] = (header[5] ?? 0) ^ 1;
    expect(rebuilt.header[5]).not.toBe(header[5]);
  });

  it("refuses a malformed header, an unknown version or a bad key", async () => {
    const header = (await createFileEncryptor(fileKey)).header;
    await expectCryptoError(createFileEncryptorWithHeader(fileKey, header.subarray(0, 24)), "damaged");
    await expectCryptoError(createFileEncryptorWithHeader(fileKey, concatBytes(Uint8Array.of(2), header.subarray(1))), "wrong_version");
    await expectCryptoError(createFileEncryptorWithHeader(new Uint8Array(31), header), "invalid_input");
  });
});

describe("tampering: fails with a CryptoError, no partial output", () => {
  it("truncated: last chunk dropped", async () => {
    const { header, chunks } = split(ciphertext);
    const cut = concatBytes(header, ...chunks.slice(0, -1));
    await expectCryptoError(decryptFile(cut, fileKey), "truncated");
    await expectCryptoError(readAll(await decryptFileStream(streamOf(cut), fileKey)), "truncated");
  });

  it("truncated: only the header, or cut inside the header", async () => {
    await expectCryptoError(decryptFile(ciphertext.slice(0, FILE_HEADER_BYTES), fileKey), "truncated");
    await expectCryptoError(decryptFile(ciphertext.slice(0, 10), fileKey), "truncated");
    await expectCryptoError(readAll(await decryptFileStream(streamOf(ciphertext.slice(0, 10)), fileKey)), "truncated");
  });

  it("truncated mid-chunk", async () => {
    await expectCryptoError(decryptFile(ciphertext.slice(0, ciphertext.length - 5), fileKey), "damaged");
  });

  it("reordered chunks", async () => {
    const { header, chunks } = split(ciphertext);
    const [c0, c1, ...rest] = chunks;
    if (!c0 || !c1) throw new Error("fixture too small");
    const swapped = concatBytes(header, c1, c0, ...rest);
    await expectCryptoError(decryptFile(swapped, fileKey), "damaged");
    await expectCryptoError(readAll(await decryptFileStream(streamOf(swapped), fileKey)), "damaged");
  });

  it("duplicated chunk", async () => {
    const { header, chunks } = split(ciphertext);
    const [c0, ...rest] = chunks;
    if (!c0) throw new Error("fixture too small");
    await expectCryptoError(decryptFile(concatBytes(header, c0, c0, ...rest), fileKey), "damaged");
  });

  it("flipped byte in the header, a middle chunk, the final chunk's tag", async () => {
    for (const index of [3, FILE_HEADER_BYTES + FILE_CIPHER_CHUNK_BYTES + 100, ciphertext.length - 1]) {
      const bad = flipByte(ciphertext, index);
      await expectCryptoError(decryptFile(bad, fileKey), "damaged");
      await expectCryptoError(readAll(await decryptFileStream(streamOf(bad, [50_000]), fileKey)), "damaged");
    }
  });

  it("wrong version byte", async () => {
    const bad = ciphertext.slice();
    bad[0] = 2;
    await expectCryptoError(decryptFile(bad, fileKey), "wrong_version");
    await expectCryptoError(readAll(await decryptFileStream(streamOf(bad), fileKey)), "wrong_version");
  });

  it("wrong key", async () => {
    await expectCryptoError(decryptFile(ciphertext, await newFileKey()), "damaged");
  });

  it("a chunk after FINAL (even a validly encrypted one)", async () => {
    const sodium = await loadSodium();
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const final = sodium.crypto_secretstream_xchacha20poly1305_push(state, new Uint8Array(5), null, sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    const after = sodium.crypto_secretstream_xchacha20poly1305_push(state, new Uint8Array(5), null, sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    const forged = concatBytes(Uint8Array.of(1), header, final, after);
    await expectCryptoError(decryptFile(forged, fileKey), "damaged");
    await expectCryptoError(readAll(await decryptFileStream(streamOf(forged), fileKey)), "damaged");

    const decryptor = await createFileDecryptor(fileKey, concatBytes(Uint8Array.of(1), header));
    decryptor.pull(final);
    await expectCryptoError(() => decryptor.pull(after), "damaged");
  });

  it("a short non-final MESSAGE chunk (not produced by our encryptor)", async () => {
    const sodium = await loadSodium();
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const short = sodium.crypto_secretstream_xchacha20poly1305_push(state, new Uint8Array(5), null, sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    const final = sodium.crypto_secretstream_xchacha20poly1305_push(state, new Uint8Array(5), null, sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    await expectCryptoError(decryptFile(concatBytes(Uint8Array.of(1), header, short, final), fileKey), "damaged");
  });

  it("a decryptor that has failed stays failed", async () => {
    const { header, chunks } = split(ciphertext);
    const decryptor = await createFileDecryptor(fileKey, header);
    const [c0, c1] = chunks;
    if (!c0 || !c1) throw new Error("fixture too small");
    await expectCryptoError(() => decryptor.pull(flipByte(c0, 1)), "damaged");
    await expectCryptoError(() => decryptor.pull(c0), "damaged");
    await expectCryptoError(() => decryptor.finish(), "damaged");
  });
});
