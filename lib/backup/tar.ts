import { once } from "node:events";
import type { Writable } from "node:stream";

// A minimal streaming POSIX tar (ustar) writer and reader, enough for backup
// archives: regular files and directories, names up to 255 bytes (prefix +
// name), sizes beyond 8 GiB in GNU base-256. Hand-written rather than a new
// dependency: the format is 512-byte headers and padded bodies, and a backup
// must stream files of any size without holding them in memory.
// `tar -tzvf backup.tar.gz` lists an archive made here.

const BLOCK = 512;

export type TarEntry = { name: string; type: "file" | "directory"; size: number; mode: number };

export class TarFormatError extends Error {
  override readonly name = "TarFormatError";
}

function splitName(name: string): { prefix: string; base: string } {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return { prefix: "", base: name };
  // ustar: the path is prefix + "/" + name, split at a slash.
  for (let i = name.lastIndexOf("/"); i > 0; i = name.lastIndexOf("/", i - 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100 && base.length > 0) return { prefix, base };
  }
  throw new TarFormatError(`Path too long for the archive: ${name}`);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(value.toString(8).padStart(length - 1, "0") + "\0", offset, length, "ascii");
}

function writeSize(header: Buffer, size: number): void {
  if (size < 8 ** 11) return writeOctal(header, 124, 12, size);
  // GNU base-256: high bit set, big-endian binary in the remaining bytes.
  header.fill(0, 124, 136);
  header[124] = 0x80;
  let rest = BigInt(size);
  for (let i = 135; i > 124; i--) {
    header[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum;
}

export function encodeHeader(entry: TarEntry): Buffer {
  const header = Buffer.alloc(BLOCK);
  const name = entry.type === "directory" && !entry.name.endsWith("/") ? `${entry.name}/` : entry.name;
  const { prefix, base } = splitName(name);
  header.write(base, 0, 100, "utf8");
  writeOctal(header, 100, 8, entry.mode & 0o7777);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeSize(header, entry.type === "file" ? entry.size : 0);
  writeOctal(header, 136, 12, Math.floor(Date.now() / 1000));
  header.write(entry.type === "file" ? "0" : "5", 156, 1, "ascii");
  header.write("ustar\0" + "00", 257, 8, "ascii");
  header.write(prefix, 345, 155, "utf8");
  header.write(checksum(header).toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return header;
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString("utf8");
}

function readNumber(header: Buffer, offset: number, length: number): number {
  if (header[offset]! & 0x80) {
    let value = 0n;
    for (let i = offset + 1; i < offset + length; i++) value = (value << 8n) | BigInt(header[i]!);
    return Number(value);
  }
  const text = readString(header, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError("Corrupt tar header (bad number).");
  return text === "" ? 0 : parseInt(text, 8);
}

export function decodeHeader(header: Buffer): TarEntry | null {
  if (header.every((b) => b === 0)) return null; // end-of-archive block
  if (readNumber(header, 148, 8) !== checksum(header)) throw new TarFormatError("Corrupt tar header (checksum).");
  const typeflag = String.fromCharCode(header[156]!);
  const prefix = readString(header, 345, 155);
  const base = readString(header, 0, 100);
  let name = prefix ? `${prefix}/${base}` : base;
  const type = typeflag === "5" ? "directory" : typeflag === "0" || typeflag === "\0" ? "file" : null;
  if (!type) throw new TarFormatError(`Unsupported tar entry type "${typeflag}" for ${name}.`);
  if (type === "directory") name = name.replace(/\/+$/, "");
  return { name, type, size: type === "file" ? readNumber(header, 124, 12) : 0, mode: readNumber(header, 100, 8) };
}

/** Writes tar entries to `out`, honouring back-pressure. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async write(chunk: Buffer): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, "drain");
  }

  async directory(name: string, mode = 0o700): Promise<void> {
    await this.write(encodeHeader({ name, type: "directory", size: 0, mode }));
  }

  /** Writes a file entry of exactly `size` bytes from `chunks`; throws if they add up to another size. */
  async file(name: string, size: number, mode: number, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    await this.write(encodeHeader({ name, type: "file", size, mode }));
    let written = 0;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) throw new TarFormatError(`${name} grew while it was archived.`);
      await this.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    if (written !== size) throw new TarFormatError(`${name} shrank while it was archived.`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await this.write(Buffer.alloc(pad));
  }

  /** The two zero blocks that end an archive. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2));
  }
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.length < n) {
      const next = await this.source.next();
      if (next.done) return false;
      this.buffered.push(next.value);
      this.length += next.value.length;
    }
    return true;
  }

  /** Up to `max` bytes (at least one), or null at the end of the stream. */
  async some(max: number): Promise<Buffer | null> {
    if (!(await this.fill(1))) return null;
    const first = this.buffered[0]!;
    const take = first.subarray(0, Math.min(max, first.length));
    if (take.length === first.length) this.buffered.shift();
    else this.buffered[0] = first.subarray(take.length);
    this.length -= take.length;
    return take;
  }

  async exactly(n: number): Promise<Buffer> {
    if (!(await this.fill(n))) throw new TarFormatError("The archive ends in the middle of an entry (truncated?).");
    const parts: Buffer[] = [];
    for (let need = n; need > 0; ) {
      const part = (await this.some(need))!; // fill() made sure the bytes are buffered
      parts.push(part);
      need -= part.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}

/**
 * Calls `onEntry` for each entry in order; a file's body is an async iterable
 * that must be consumed before the next entry is read. Throws on a truncated
 * archive (no end-of-archive block) or a corrupt header.
 */
export async function readTar(
  source: AsyncIterable<Buffer>,
  onEntry: (entry: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const reader = new ByteReader(source[Symbol.asyncIterator]());
  for (;;) {
    const entry = decodeHeader(await reader.exactly(BLOCK));
    if (!entry) return;
    let left = entry.size;
    async function* body(): AsyncGenerator<Buffer> {
      while (left > 0) {
        const chunk = await reader.some(Math.min(left, 1 << 20));
        if (!chunk) throw new TarFormatError("The archive ends in the middle of a file (truncated?).");
        left -= chunk.length;
        yield chunk;
      }
    }
    await onEntry(entry, body());
    for await (const chunk of body()) void chunk; // drain what the caller did not read
    const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (pad) await reader.exactly(pad);
  }
}
