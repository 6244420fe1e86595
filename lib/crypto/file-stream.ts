/**
 * File contents: crypto_secretstream_xchacha20poly1305 in 64 KiB chunks.
 *
 * Must always hold:
 * - Layout: header (version byte 0x01 ‖ 24-byte secretstream header), then
 *   chunks. Every chunk but the last holds exactly 64 KiB of plaintext and is
 *   tagged MESSAGE; the last holds 0..64 KiB and is tagged FINAL. So each
 *   ciphertext chunk but the last is exactly 64 KiB + 17 bytes and a
 *   concatenated blob splits back into chunks without framing.
 * - The decryptor throws CryptoError and yields nothing more on: an altered
 *   byte anywhere ("damaged"), reordered, duplicated or dropped chunks
 *   ("damaged"), any data after the FINAL chunk ("damaged"), a stream that
 *   ends without FINAL ("truncated"), an unknown version ("wrong_version").
 * - Encryption is deterministic given (file key, header): an encryptor
 *   rebuilt from a known header (createFileEncryptorWithHeader) yields
 *   byte-identical ciphertext to the one that made the header, so a resumed
 *   upload re-makes the parts the server already holds and skips them. In
 *   libsodium the push and pull states are the same struct and init_pull
 *   derives it from (header, key) exactly as init_push does after drawing the
 *   random header (tested). The flip side: the same key and header must never
 *   encrypt DIFFERENT plaintext (keystream reuse). Only rebuild for the same
 *   file, and check that it is the same: lib/evidence re-makes the parts in
 *   order and compares each with the hash the server (or an earlier attempt)
 *   recorded before sending anything after it. A new file gets a new key.
 * - Streaming output is per-chunk authentic but only complete once the stream
 *   closes without error: a consumer of decryptFileStream must discard what
 *   it received if the stream errors (e.g. build the Blob only after close).
 *   decryptFile returns the whole plaintext or nothing.
 */
import { KEY_BYTES } from "./aead";
import { CryptoError } from "./errors";
import { assertLength, concatBytes, wipe } from "./encoding";
import { loadSodium, type Sodium } from "./sodium";

export const FILE_STREAM_VERSION = 0x01;
export const FILE_CHUNK_BYTES = 64 * 1024;
/** Version byte + crypto_secretstream_xchacha20poly1305_HEADERBYTES. */
export const FILE_HEADER_BYTES = 1 + 24;
/** A full ciphertext chunk: 64 KiB + crypto_secretstream_xchacha20poly1305_ABYTES. */
export const FILE_CIPHER_CHUNK_BYTES = FILE_CHUNK_BYTES + 17;

export type FileEncryptor = {
  /** Write this before the first chunk. */
  readonly header: Uint8Array;
  /** Encrypt the next chunk: exactly FILE_CHUNK_BYTES unless `final`, then 0..FILE_CHUNK_BYTES. */
  push(chunk: Uint8Array, final: boolean): Uint8Array;
};

export type FileDecryptor = {
  /** Decrypt the next ciphertext chunk, exactly as push() produced it. */
  pull(cipherChunk: Uint8Array): Uint8Array;
  /** True once the FINAL chunk has been read. */
  readonly done: boolean;
  /** Call at end of input: throws "truncated" unless the FINAL chunk was read. */
  finish(): void;
};

function checkHeader(header: Uint8Array): void {
  if (!(header instanceof Uint8Array) || header.length !== FILE_HEADER_BYTES) {
    throw new CryptoError("damaged", "file header has the wrong size");
  }
  if (header[0] !== FILE_STREAM_VERSION) {
    throw new CryptoError("wrong_version", `unknown file stream version ${String(header[0])}`);
  }
}

type StreamState = ReturnType<Sodium["crypto_secretstream_xchacha20poly1305_init_pull"]>;

/** A fresh stream (random header), or the state for a known header: the same struct either way. */
function pushState(sodium: Sodium, fileKey: Uint8Array, knownHeader?: Uint8Array): { state: StreamState; header: Uint8Array } {
  assertLength(fileKey, KEY_BYTES, "fileKey");
  if (knownHeader === undefined) {
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
    const fullHeader = new Uint8Array(FILE_HEADER_BYTES);
    fullHeader[0] = FILE_STREAM_VERSION;
    fullHeader.set(header, 1);
    return { state, header: fullHeader };
  }
  checkHeader(knownHeader);
  try {
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(knownHeader.subarray(1), fileKey);
    return { state, header: knownHeader.slice() };
  } catch (cause) {
    throw new CryptoError("invalid_input", "file header rejected", { cause });
  }
}

function makeEncryptor(sodium: Sodium, fileKey: Uint8Array, knownHeader?: Uint8Array): FileEncryptor {
  const { state, header: fullHeader } = pushState(sodium, fileKey, knownHeader);
  let finished = false;
  return {
    header: fullHeader,
    push(chunk, final) {
      if (finished) throw new CryptoError("invalid_input", "stream already finished");
      if (!(chunk instanceof Uint8Array)) throw new CryptoError("invalid_input", "chunk must be bytes");
      if (final ? chunk.length > FILE_CHUNK_BYTES : chunk.length !== FILE_CHUNK_BYTES) {
        throw new CryptoError("invalid_input", "non-final chunks must be exactly 64 KiB, the final one at most 64 KiB");
      }
      const tag = final
        ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
        : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      if (final) finished = true;
      return sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, null, tag);
    },
  };
}

function makeDecryptor(sodium: Sodium, fileKey: Uint8Array, header: Uint8Array): FileDecryptor {
  assertLength(fileKey, KEY_BYTES, "fileKey");
  checkHeader(header);
  let state: StreamState;
  try {
    state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header.subarray(1), fileKey);
  } catch (cause) {
    throw new CryptoError("damaged", "file header rejected", { cause });
  }
  let done = false;
  let failed = false;
  const fail = (code: "damaged" | "truncated", message: string): never => {
    failed = true;
    throw new CryptoError(code, message);
  };
  return {
    get done() {
      return done;
    },
    pull(cipherChunk) {
      if (failed) fail("damaged", "stream already failed");
      if (done) fail("damaged", "data after the final chunk");
      if (!(cipherChunk instanceof Uint8Array) || cipherChunk.length < 17 || cipherChunk.length > FILE_CIPHER_CHUNK_BYTES) {
        fail("damaged", "chunk has the wrong size");
      }
      let result: { message: Uint8Array; tag: number } | false;
      try {
        result = sodium.crypto_secretstream_xchacha20poly1305_pull(state, cipherChunk, null);
      } catch {
        result = false;
      }
      if (result === false) return fail("damaged", "chunk failed authentication");
      const { message, tag } = result;
      if (tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
        done = true;
      } else if (tag !== sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE || message.length !== FILE_CHUNK_BYTES) {
        wipe(message);
        fail("damaged", "unexpected chunk tag or size");
      }
      return message;
    },
    finish() {
      if (failed) fail("damaged", "stream already failed");
      if (!done) fail("truncated", "stream ended before its final chunk");
    },
  };
}

export async function createFileEncryptor(fileKey: Uint8Array): Promise<FileEncryptor> {
  return makeEncryptor(await loadSodium(), fileKey);
}

/**
 * An encryptor that continues a stream whose header is already known (a
 * resumed upload): the same key and header give byte-identical ciphertext.
 * Never use it to encrypt different plaintext under a header already used.
 */
export async function createFileEncryptorWithHeader(fileKey: Uint8Array, header: Uint8Array): Promise<FileEncryptor> {
  return makeEncryptor(await loadSodium(), fileKey, header);
}

export async function createFileDecryptor(fileKey: Uint8Array, header: Uint8Array): Promise<FileDecryptor> {
  return makeDecryptor(await loadSodium(), fileKey, header);
}

/** FIFO of byte chunks that hands out exact-size pieces without quadratic copying. */
class ByteQueue {
  private parts: Uint8Array[] = [];
  private offset = 0;
  length = 0;

  push(bytes: unknown): void {
    if (!(bytes instanceof Uint8Array)) throw new CryptoError("invalid_input", "stream chunks must be Uint8Array");
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.length += bytes.length;
  }

  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const part = this.parts[0];
      if (!part) throw new CryptoError("invalid_input", "queue underflow");
      const count = Math.min(n - filled, part.length - this.offset);
      out.set(part.subarray(this.offset, this.offset + count), filled);
      filled += count;
      this.offset += count;
      if (this.offset === part.length) {
        this.parts.shift();
        this.offset = 0;
      }
    }
    this.length -= n;
    return out;
  }
}

/**
 * Encrypt a plaintext stream (e.g. `file.stream()`), whatever its chunking.
 * Output: header, then ciphertext chunks. Hash/upload the output as it flows.
 */
export async function encryptFileStream(
  plaintext: ReadableStream<Uint8Array>,
  fileKey: Uint8Array,
): Promise<ReadableStream<Uint8Array>> {
  const encryptor = await createFileEncryptor(fileKey);
  const queue = new ByteQueue();
  return plaintext.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        controller.enqueue(encryptor.header);
      },
      transform(chunk, controller) {
        queue.push(chunk);
        // Keep at least one byte back so the last chunk can carry FINAL.
        while (queue.length > FILE_CHUNK_BYTES) {
          const piece = queue.take(FILE_CHUNK_BYTES);
          controller.enqueue(encryptor.push(piece, false));
          wipe(piece);
        }
      },
      flush(controller) {
        const piece = queue.take(queue.length);
        controller.enqueue(encryptor.push(piece, true));
        wipe(piece);
      },
    }),
  );
}

/**
 * Decrypt a ciphertext stream (header + chunks, any chunking). The output
 * errors with a CryptoError on tampering or truncation: discard everything
 * read from it unless it closes cleanly.
 */
export async function decryptFileStream(
  ciphertext: ReadableStream<Uint8Array>,
  fileKey: Uint8Array,
): Promise<ReadableStream<Uint8Array>> {
  const sodium = await loadSodium();
  assertLength(fileKey, KEY_BYTES, "fileKey");
  const queue = new ByteQueue();
  let decryptor: FileDecryptor | undefined;
  return ciphertext.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        queue.push(chunk);
        if (!decryptor) {
          if (queue.length < FILE_HEADER_BYTES) return;
          decryptor = makeDecryptor(sodium, fileKey, queue.take(FILE_HEADER_BYTES));
        }
        while (queue.length >= FILE_CIPHER_CHUNK_BYTES) {
          controller.enqueue(decryptor.pull(queue.take(FILE_CIPHER_CHUNK_BYTES)));
        }
      },
      flush(controller) {
        if (!decryptor) throw new CryptoError("truncated", "stream ended inside the header");
        if (queue.length > 0) controller.enqueue(decryptor.pull(queue.take(queue.length)));
        decryptor.finish();
      },
    }),
  );
}

/** Encrypt a whole buffer: header ‖ chunks. */
export async function encryptFile(plaintext: Uint8Array, fileKey: Uint8Array): Promise<Uint8Array> {
  const encryptor = await createFileEncryptor(fileKey);
  const pieces: Uint8Array[] = [encryptor.header];
  let offset = 0;
  while (plaintext.length - offset > FILE_CHUNK_BYTES) {
    pieces.push(encryptor.push(plaintext.subarray(offset, offset + FILE_CHUNK_BYTES), false));
    offset += FILE_CHUNK_BYTES;
  }
  pieces.push(encryptor.push(plaintext.subarray(offset), true));
  return concatBytes(...pieces);
}

/** Decrypt a whole buffer; returns the complete plaintext or throws, never a prefix. */
export async function decryptFile(ciphertext: Uint8Array, fileKey: Uint8Array): Promise<Uint8Array> {
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < FILE_HEADER_BYTES) {
    throw new CryptoError("truncated", "file shorter than its header");
  }
  const decryptor = await createFileDecryptor(fileKey, ciphertext.subarray(0, FILE_HEADER_BYTES));
  const pieces: Uint8Array[] = [];
  try {
    let offset = FILE_HEADER_BYTES;
    while (offset < ciphertext.length) {
      const end = Math.min(offset + FILE_CIPHER_CHUNK_BYTES, ciphertext.length);
      pieces.push(decryptor.pull(ciphertext.subarray(offset, end)));
      offset = end;
    }
    decryptor.finish();
    return concatBytes(...pieces);
  } finally {
    wipe(...pieces);
  }
}
