/**
 * File contents: crypto_secretstream_xchacha20poly1305 in 64 KiB chunks, in
 * independently encrypted 4 MiB segments (version 0x02, "segmented"). Files
 * written before it (version 0x01, one stream over the whole file) still
 * decrypt; nothing writes 0x01 any more.
 *
 * Must always hold:
 * - Layout 0x02: the plaintext is cut into segments of exactly
 *   FILE_SEGMENT_BYTES (4 MiB), the last 0..4 MiB (an empty file is one
 *   empty segment; otherwise no segment is empty). Segment i (from 0) is
 *   0x02 ‖ a FRESH RANDOM 24-byte secretstream header ‖ chunks of 64 KiB
 *   plaintext, the segment's last chunk tagged FINAL, the others MESSAGE.
 *   Every chunk's additional data is "casevault/file/v2" ‖ i (u32 big-endian)
 *   ‖ 1 if segment i is the file's last, else 0. So a full segment's
 *   ciphertext is exactly FILE_SEGMENT_CIPHER_BYTES and a file splits back
 *   into segments and chunks from its length alone, without framing.
 * - Segments are independent (a pool of workers encrypts them in parallel;
 *   one upload part is one segment) but bound to their place: a segment
 *   reordered, duplicated, dropped, swapped with another file's (another file
 *   key anyway), a file cut at a segment boundary (the segment now last was
 *   sealed with flag 0) or anything appended after the last segment (which
 *   was sealed with flag 1) fails to authenticate.
 * - No keystream is ever reused: every encryption of a segment draws a new
 *   random header, so encrypting the same or different bytes again (a
 *   resumed upload re-encrypts what the server does not hold) never repeats a
 *   (key, header) pair beyond the 2^-192 chance of a header collision.
 *   Consequence: encryption is NOT reproducible; a resume skips what the
 *   server holds and encrypts the rest afresh.
 * - Layout 0x01 (read only): 0x01 ‖ 24-byte header ‖ chunks of 64 KiB, no
 *   additional data, the file's last chunk FINAL.
 * - The decoder (createFileDecoder, decryptFile) knows the ciphertext's
 *   length up front, dispatches on the first byte and throws CryptoError,
 *   yielding nothing more, on: an altered byte anywhere, reordered,
 *   duplicated or dropped chunks or segments, data beyond the length or after
 *   the last FINAL chunk, a segment's FINAL in the wrong place ("damaged");
 *   input that ends early ("truncated"); an unknown first byte
 *   ("wrong_version"). A failed decoder stays failed.
 * - Output is per-chunk authentic but only complete once finish() returns: a
 *   consumer must discard what it received if anything throws.
 *   decryptFile returns the whole plaintext or nothing.
 */
import { KEY_BYTES } from "./aead";
import { sameBytes } from "@/lib/encoding/same-bytes";
import { CryptoError } from "./errors";
import { assertLength, concatBytes, utf8Encode, wipe } from "./encoding";
import { loadSodium, type Sodium } from "./sodium";

export const FILE_STREAM_V1 = 0x01;
export const FILE_STREAM_V2 = 0x02;
/** What new files are written as. */
export const FILE_STREAM_VERSION = FILE_STREAM_V2;
export const FILE_CHUNK_BYTES = 64 * 1024;
/** Version byte + crypto_secretstream_xchacha20poly1305_HEADERBYTES (of the file in 0x01, of each segment in 0x02). */
export const FILE_HEADER_BYTES = 1 + 24;
const ABYTES = 17;
/** A full ciphertext chunk: 64 KiB + crypto_secretstream_xchacha20poly1305_ABYTES. */
export const FILE_CIPHER_CHUNK_BYTES = FILE_CHUNK_BYTES + ABYTES;
/** Chunks per segment: the one segment size (plaintext segment digests, upload parts) is derived from it. */
export const FILE_SEGMENT_CHUNKS = 64;
/** 4 MiB of plaintext per segment. */
export const FILE_SEGMENT_BYTES = FILE_SEGMENT_CHUNKS * FILE_CHUNK_BYTES;
/** A full segment's ciphertext: header + 64 full chunks. */
export const FILE_SEGMENT_CIPHER_BYTES = FILE_HEADER_BYTES + FILE_SEGMENT_CHUNKS * FILE_CIPHER_CHUNK_BYTES;

const AD_LABEL = utf8Encode("casevault/file/v2");

/** Segments of a `plainSize`-byte file (an empty file has one). */
export function fileSegmentCount(plainSize: number): number {
  return Math.max(1, Math.ceil(plainSize / FILE_SEGMENT_BYTES));
}

/** Ciphertext bytes of a segment holding `plainBytes` (0..4 MiB). */
export function segmentCipherBytes(plainBytes: number): number {
  return FILE_HEADER_BYTES + plainBytes + Math.max(1, Math.ceil(plainBytes / FILE_CHUNK_BYTES)) * ABYTES;
}

/** "casevault/file/v2" ‖ index (u32 BE) ‖ last flag. */
function segmentAd(index: number, last: boolean): Uint8Array {
  const ad = new Uint8Array(AD_LABEL.length + 5);
  ad.set(AD_LABEL, 0);
  new DataView(ad.buffer).setUint32(AD_LABEL.length, index, false);
  ad[AD_LABEL.length + 4] = last ? 1 : 0;
  return ad;
}

function checkIndex(index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index > 0xffff_ffff) throw new CryptoError("invalid_input", "segment index out of range");
}

function encryptSegmentWith(sodium: Sodium, fileKey: Uint8Array, index: number, last: boolean, plaintext: Uint8Array): Uint8Array {
  assertLength(fileKey, KEY_BYTES, "fileKey");
  checkIndex(index);
  if (!(plaintext instanceof Uint8Array)) throw new CryptoError("invalid_input", "segment must be bytes");
  const sizeOk = last ? plaintext.length <= FILE_SEGMENT_BYTES && (plaintext.length > 0 || index === 0) : plaintext.length === FILE_SEGMENT_BYTES;
  if (!sizeOk) throw new CryptoError("invalid_input", "segments are exactly 4 MiB but the last; only the first may be empty");
  const out = new Uint8Array(segmentCipherBytes(plaintext.length));
  // A fresh random header every time: never the same (key, header) twice.
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(fileKey);
  out[0] = FILE_STREAM_V2;
  out.set(header, 1);
  const ad = segmentAd(index, last);
  let offset = FILE_HEADER_BYTES;
  let position = 0;
  do {
    const end = Math.min(plaintext.length, position + FILE_CHUNK_BYTES);
    const final = end === plaintext.length;
    const tag = final ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const cipher = sodium.crypto_secretstream_xchacha20poly1305_push(state, plaintext.subarray(position, end), ad, tag);
    out.set(cipher, offset);
    offset += cipher.length;
    position = end;
  } while (position < plaintext.length);
  return out;
}

/**
 * Encrypt segment `index` of a file: exactly FILE_SEGMENT_BYTES of plaintext
 * unless `last`. A fresh header each call: calling it twice for the same
 * segment gives unrelated ciphertexts, both valid.
 */
export async function encryptFileSegment(fileKey: Uint8Array, index: number, last: boolean, plaintext: Uint8Array): Promise<Uint8Array> {
  return encryptSegmentWith(await loadSodium(), fileKey, index, last, plaintext);
}

/** Encrypt a whole buffer (version 0x02): its segments, concatenated. */
export async function encryptFile(plaintext: Uint8Array, fileKey: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const count = fileSegmentCount(plaintext.length);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = i * FILE_SEGMENT_BYTES;
    pieces.push(encryptSegmentWith(sodium, fileKey, i, i === count - 1, plaintext.subarray(start, Math.min(plaintext.length, start + FILE_SEGMENT_BYTES))));
  }
  return concatBytes(...pieces);
}

// ---- decoding ----

export type FileDecoder = {
  /** Feed the next ciphertext bytes (any chunking); returns the plaintext chunks they complete. */
  push(bytes: Uint8Array): Uint8Array[];
  /** End of input: throws "truncated" unless exactly the announced length arrived and ended with the last FINAL chunk. */
  finish(): void;
  /** The file's version byte, once read. */
  readonly version: number | undefined;
  /** Version 0x02: the segment being read (from 0), i.e. the one a failure is in. Undefined before the first byte and for 0x01. */
  readonly segment: number | undefined;
};

export type FileDecoderOptions = {
  /** The version the caller's sealed metadata promises: anything else is "damaged". */
  expectVersion?: number;
  /** Version 0x01: the exact header the sealed metadata records. */
  expectHeader?: Uint8Array;
};

/** FIFO of byte chunks that hands out exact-size pieces without quadratic copying. */
class ByteQueue {
  private parts: Uint8Array[] = [];
  private offset = 0;
  length = 0;

  push(bytes: Uint8Array): void {
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

type StreamState = ReturnType<Sodium["crypto_secretstream_xchacha20poly1305_init_pull"]>;

/** One stream (the whole 0x01 file, or one 0x02 segment) being read. */
type Stream = {
  state: StreamState;
  /** Absolute offset where this stream's bytes end (its FINAL chunk ends there). */
  end: number;
  ad: Uint8Array | null;
  /** Full chunks read so far in this stream. */
  chunks: number;
  /** 0x02: a segment that is not the last must hold exactly FILE_SEGMENT_CHUNKS chunks. */
  exactChunks: number | null;
};

function makeDecoder(sodium: Sodium, fileKey: Uint8Array, length: number, options: FileDecoderOptions): FileDecoder {
  assertLength(fileKey, KEY_BYTES, "fileKey");
  if (!Number.isSafeInteger(length) || length < 0) throw new CryptoError("invalid_input", "ciphertext length must be a non-negative integer");
  const queue = new ByteQueue();
  let position = 0; // bytes consumed from the queue
  let received = 0;
  let version: number | undefined;
  let segment: number | undefined;
  let stream: Stream | null = null;
  let done = false;
  let failed = false;

  const fail = (code: "damaged" | "truncated" | "wrong_version", message: string): never => {
    failed = true;
    throw new CryptoError(code, message);
  };

  /** Reads a header at `position` and opens the stream that follows it. */
  const openStream = (): void => {
    const header = queue.take(FILE_HEADER_BYTES);
    const start = position;
    position += FILE_HEADER_BYTES;
    if (version === undefined) {
      if (header[0] !== FILE_STREAM_V1 && header[0] !== FILE_STREAM_V2) fail("wrong_version", `unknown file stream version ${String(header[0])}`);
      version = header[0];
      if (options.expectVersion !== undefined && version !== options.expectVersion) fail("damaged", "not the version the metadata records");
      if (options.expectHeader !== undefined && !sameBytes(header, options.expectHeader)) fail("damaged", "not the header the metadata records");
    } else if (header[0] !== version) {
      fail("damaged", "segment has another version byte");
    }
    let state: StreamState;
    try {
      state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header.subarray(1), fileKey);
    } catch {
      return fail("damaged", "file header rejected");
    }
    if (version === FILE_STREAM_V1) {
      stream = { state, end: length, ad: null, chunks: 0, exactChunks: null };
      return;
    }
    segment = segment === undefined ? 0 : segment + 1;
    const last = length - start <= FILE_SEGMENT_CIPHER_BYTES;
    stream = {
      state,
      end: last ? length : start + FILE_SEGMENT_CIPHER_BYTES,
      ad: segmentAd(segment, last),
      chunks: 0,
      exactChunks: last ? null : FILE_SEGMENT_CHUNKS,
    };
  };

  const pullChunk = (current: Stream): Uint8Array => {
    const size = Math.min(FILE_CIPHER_CHUNK_BYTES, current.end - position);
    if (size < ABYTES) fail("damaged", "chunk has the wrong size");
    const cipher = queue.take(size);
    position += size;
    let result: { message: Uint8Array; tag: number } | false;
    try {
      result = sodium.crypto_secretstream_xchacha20poly1305_pull(current.state, cipher, current.ad);
    } catch {
      result = false;
    }
    if (result === false) return fail("damaged", "chunk failed authentication");
    const { message, tag } = result;
    current.chunks++;
    const atEnd = position === current.end;
    const finalOk = tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL && atEnd && (current.exactChunks === null || current.chunks === current.exactChunks);
    const messageOk = tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE && !atEnd && message.length === FILE_CHUNK_BYTES;
    if (!finalOk && !messageOk) {
      wipe(message);
      // A full MESSAGE chunk where the input ends: the stream was cut at a chunk boundary.
      const cut = tag === sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE && atEnd && position === length && message.length === FILE_CHUNK_BYTES;
      fail(cut ? "truncated" : "damaged", cut ? "the file ended before its final chunk" : "unexpected chunk tag or size");
    }
    if (finalOk) {
      stream = null;
      if (position === length) done = true;
    }
    return message;
  };

  return {
    get version() {
      return version;
    },
    get segment() {
      return segment;
    },
    push(bytes) {
      if (failed) fail("damaged", "decoder already failed");
      if (!(bytes instanceof Uint8Array)) fail("damaged", "input must be bytes");
      received += bytes.length;
      if (received > length) fail("damaged", "more bytes than the file has");
      queue.push(bytes);
      const out: Uint8Array[] = [];
      try {
        for (;;) {
          if (done) break;
          if (stream === null) {
            if (queue.length < FILE_HEADER_BYTES) break;
            openStream();
            continue;
          }
          const current: Stream = stream;
          if (queue.length < Math.min(FILE_CIPHER_CHUNK_BYTES, current.end - position)) break;
          out.push(pullChunk(current));
        }
      } catch (error) {
        failed = true;
        wipe(...out);
        throw error;
      }
      return out;
    },
    finish() {
      if (failed) fail("damaged", "decoder already failed");
      if (!done) fail("truncated", "the file ended before its final chunk");
    },
  };
}

/**
 * A decoder for a file whose ciphertext is `length` bytes (0x01 or 0x02, by
 * its first byte): push the bytes as they arrive, then finish().
 */
export async function createFileDecoder(fileKey: Uint8Array, length: number, options: FileDecoderOptions = {}): Promise<FileDecoder> {
  return makeDecoder(await loadSodium(), fileKey, length, options);
}

/** Decrypt a whole buffer (0x01 or 0x02); returns the complete plaintext or throws, never a prefix. */
export async function decryptFile(ciphertext: Uint8Array, fileKey: Uint8Array): Promise<Uint8Array> {
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < FILE_HEADER_BYTES) {
    throw new CryptoError("truncated", "file shorter than its header");
  }
  const decoder = await createFileDecoder(fileKey, ciphertext.length);
  const pieces = decoder.push(ciphertext);
  try {
    decoder.finish();
    return concatBytes(...pieces);
  } finally {
    wipe(...pieces);
  }
}
