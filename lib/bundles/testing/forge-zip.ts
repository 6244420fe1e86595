/**
 * A forger's toolkit for the strict-verifier tests (issue 13): reads a ZIP
 * into plain, editable records (every header field, the raw data, the bytes
 * between records) and writes it back byte for byte, so a test can take a
 * genuine bundle and change exactly one thing. It trusts its input: it is
 * for building bad archives, not for checking them.
 */
import { crc32 } from "node:zlib";

/** Header fields the local header and the central record share. */
export type HeaderFields = {
  versionNeeded: number;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  name: Uint8Array;
  extra: Uint8Array;
};

export type CentralFields = HeaderFields & {
  versionMadeBy: number;
  comment: Uint8Array;
  disk: number;
  internalAttributes: number;
  externalAttributes: number;
  /**
   * Where the central record points. Undefined: at this entry's local header
   * as written; a function: computed from where everything was written.
   */
  localOffset?: number | ((layout: Layout) => number);
};

export type RawEntry = {
  /** null: write no local header or data (a central record pointing elsewhere). */
  local: HeaderFields | null;
  central: CentralFields;
  /** The data as stored (compressed when method is 8). */
  data: Uint8Array;
  /** Bytes written right after the data (a data descriptor, or anything). */
  descriptor: Uint8Array;
  /** Bytes written before the local header. */
  before?: Uint8Array;
};

export type EndRecord = {
  disk: number;
  centralDisk: number;
  /** Undefined: computed from what is written. */
  diskEntries?: number;
  totalEntries?: number;
  centralSize?: number;
  centralOffset?: number;
  comment: Uint8Array;
  /** Overrides the comment-length field (default: comment.length). */
  commentLength?: number;
};

export type RawZip = {
  entries: RawEntry[];
  /** Bytes between the last entry and the central directory. */
  beforeCentral?: Uint8Array;
  /** Bytes between the central directory and the end record. */
  afterCentral?: Uint8Array;
  /** Write the central records in this order (indexes into entries); default: entry order. */
  centralOrder?: number[];
  end: EndRecord;
  /** Bytes after the end record (and its comment). */
  trailing?: Uint8Array;
};

/** Where each entry's local header and data landed, and the central directory. */
export type Layout = { localOffsets: number[]; dataOffsets: number[]; centralOffset: number };

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u16(n: number): void {
    this.bytes(Uint8Array.of(n & 0xff, (n >>> 8) & 0xff));
  }
  u32(n: number): void {
    this.bytes(Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff));
  }
  result(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

/**
 * The fields both headers share, read from `at` (the version-needed field).
 * Name and extra follow the fixed part; in a central record, after `gap`
 * more bytes (comment length, disk, attributes, local offset: 14).
 */
function readHeader(zip: Uint8Array, at: number, gap: number): HeaderFields {
  const nameStart = at + 26 + gap;
  const nameEnd = nameStart + u16(zip, at + 22);
  return {
    versionNeeded: u16(zip, at),
    flags: u16(zip, at + 2),
    method: u16(zip, at + 4),
    time: u16(zip, at + 6),
    date: u16(zip, at + 8),
    crc: u32(zip, at + 10),
    compressedSize: u32(zip, at + 14),
    size: u32(zip, at + 18),
    name: zip.slice(nameStart, nameEnd),
    extra: zip.slice(nameEnd, nameEnd + u16(zip, at + 24)),
  };
}

/** Reads a well-formed ZIP (no comment, no ZIP64) into editable records. */
export function readRawZip(zip: Uint8Array): RawZip {
  const e = zip.length - 22;
  if (u32(zip, e) !== 0x06054b50) throw new Error("forge-zip: no end record at the end");
  const count = u16(zip, e + 10);
  const centralOffset = u32(zip, e + 16);
  const entries: RawEntry[] = [];
  let p = centralOffset;
  for (let n = 0; n < count; n++) {
    if (u32(zip, p) !== 0x02014b50) throw new Error("forge-zip: bad central record");
    const commentLength = u16(zip, p + 32);
    const localOffset = u32(zip, p + 42);
    const header = readHeader(zip, p + 6, 14);
    const commentStart = p + 46 + header.name.length + header.extra.length;
    const central: CentralFields = {
      versionMadeBy: u16(zip, p + 4),
      ...header,
      comment: zip.slice(commentStart, commentStart + commentLength),
      disk: u16(zip, p + 34),
      internalAttributes: u16(zip, p + 36),
      externalAttributes: u32(zip, p + 38),
    };
    p = commentStart + commentLength;
    const local = readHeader(zip, localOffset + 4, 0);
    const dataStart = localOffset + 30 + local.name.length + local.extra.length;
    const dataEnd = dataStart + central.compressedSize;
    let descriptorLength = 0;
    if (local.flags & 0x0008) descriptorLength = u32(zip, dataEnd) === 0x08074b50 ? 16 : 12;
    entries.push({ local, central, data: zip.slice(dataStart, dataEnd), descriptor: zip.slice(dataEnd, dataEnd + descriptorLength) });
  }
  return { entries, end: { disk: u16(zip, e + 4), centralDisk: u16(zip, e + 6), comment: new Uint8Array(0) } };
}

function writeHeader(w: Writer, h: HeaderFields): void {
  w.u16(h.versionNeeded);
  w.u16(h.flags);
  w.u16(h.method);
  w.u16(h.time);
  w.u16(h.date);
  w.u32(h.crc);
  w.u32(h.compressedSize);
  w.u32(h.size);
  w.u16(h.name.length);
  w.u16(h.extra.length);
}

/** Writes the records out: local headers, data and descriptors, the central directory, the end record. */
export function writeRawZip(zip: RawZip): Uint8Array {
  const w = new Writer();
  const layout: Layout = { localOffsets: [], dataOffsets: [], centralOffset: 0 };
  for (const entry of zip.entries) {
    if (entry.before) w.bytes(entry.before);
    layout.localOffsets.push(w.length);
    if (entry.local) {
      w.u32(0x04034b50);
      writeHeader(w, entry.local);
      w.bytes(entry.local.name);
      w.bytes(entry.local.extra);
      layout.dataOffsets.push(w.length);
      w.bytes(entry.data);
      w.bytes(entry.descriptor);
    } else {
      layout.dataOffsets.push(w.length);
    }
  }
  if (zip.beforeCentral) w.bytes(zip.beforeCentral);
  layout.centralOffset = w.length;
  const order = zip.centralOrder ?? zip.entries.map((_, i) => i);
  for (const i of order) {
    const c = zip.entries[i]!.central;
    const offset = typeof c.localOffset === "function" ? c.localOffset(layout) : (c.localOffset ?? layout.localOffsets[i]!);
    w.u32(0x02014b50);
    w.u16(c.versionMadeBy);
    writeHeader(w, c);
    w.u16(c.comment.length);
    w.u16(c.disk);
    w.u16(c.internalAttributes);
    w.u32(c.externalAttributes);
    w.u32(offset);
    w.bytes(c.name);
    w.bytes(c.extra);
    w.bytes(c.comment);
  }
  const centralSize = w.length - layout.centralOffset;
  if (zip.afterCentral) w.bytes(zip.afterCentral);
  const end = zip.end;
  w.u32(0x06054b50);
  w.u16(end.disk);
  w.u16(end.centralDisk);
  w.u16(end.diskEntries ?? order.length);
  w.u16(end.totalEntries ?? order.length);
  w.u32(end.centralSize ?? centralSize);
  w.u32(end.centralOffset ?? layout.centralOffset);
  w.u16(end.commentLength ?? end.comment.length);
  w.bytes(end.comment);
  if (zip.trailing) w.bytes(zip.trailing);
  return w.result();
}

/** Reads, edits and writes back in one go. */
export function forge(zip: Uint8Array, edit: (raw: RawZip) => void): Uint8Array {
  const raw = readRawZip(zip);
  edit(raw);
  return writeRawZip(raw);
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

export function entryName(entry: RawEntry): string {
  return new TextDecoder().decode(entry.central.name);
}

/** The entry of that (central) name; throws if there is none. */
export function findEntry(raw: RawZip, name: string): RawEntry {
  const entry = raw.entries.find((e) => entryName(e) === name);
  if (!entry) throw new Error(`forge-zip: no entry ${name}`);
  return entry;
}

/** A deep copy, so a forged copy can differ from its original. */
export function cloneEntry(entry: RawEntry): RawEntry {
  const copyHeader = <T extends HeaderFields>(h: T): T => ({ ...h, name: h.name.slice(), extra: h.extra.slice() });
  return {
    local: entry.local ? copyHeader(entry.local) : null,
    central: { ...copyHeader(entry.central), comment: entry.central.comment.slice() },
    data: entry.data.slice(),
    descriptor: entry.descriptor.slice(),
    ...(entry.before ? { before: entry.before.slice() } : {}),
  };
}

/** Renames an entry consistently (both headers; the UTF-8 flag set when the name needs it). */
export function renameEntry(entry: RawEntry, name: string): void {
  const bytes = utf8(name);
  const setFlag = (flags: number) => (isAscii(name) ? flags & ~0x0800 : flags | 0x0800);
  entry.central.name = bytes;
  entry.central.flags = setFlag(entry.central.flags);
  if (entry.local) {
    entry.local.name = bytes.slice();
    entry.local.flags = setFlag(entry.local.flags);
  }
}

/** A data descriptor (with its signature), as fflate writes it. */
export function descriptorBytes(crc: number, compressedSize: number, size: number): Uint8Array {
  const w = new Writer();
  w.u32(0x08074b50);
  w.u32(crc);
  w.u32(compressedSize);
  w.u32(size);
  return w.result();
}

/** Replaces an entry's content with `data`, stored, with every CRC and size (and its descriptor) made consistent. */
export function setStoredData(entry: RawEntry, data: Uint8Array): void {
  const crc = crc32(data);
  entry.data = data.slice();
  entry.central = { ...entry.central, method: 0, crc, compressedSize: data.length, size: data.length };
  if (!entry.local) return;
  const deferred = (entry.local.flags & 0x0008) !== 0;
  entry.local = { ...entry.local, method: 0, crc: deferred ? 0 : crc, compressedSize: deferred ? 0 : data.length, size: deferred ? 0 : data.length };
  entry.descriptor = deferred ? descriptorBytes(crc, data.length, data.length) : new Uint8Array(0);
}

/** A new stored entry like fflate's (data descriptor, version 2.0), named and holding `data`. */
export function storedEntry(name: string, data: Uint8Array): RawEntry {
  const header: HeaderFields = { versionNeeded: 20, flags: 0x0008, method: 0, time: 0, date: 0x21, crc: 0, compressedSize: 0, size: 0, name: new Uint8Array(0), extra: new Uint8Array(0) };
  const entry: RawEntry = {
    local: { ...header },
    central: { ...header, versionMadeBy: 20, comment: new Uint8Array(0), disk: 0, internalAttributes: 0, externalAttributes: 0 },
    data: new Uint8Array(0),
    descriptor: new Uint8Array(0),
  };
  renameEntry(entry, name);
  setStoredData(entry, data);
  return entry;
}

/** The local header, data and descriptor of an entry as they would be written (to embed them elsewhere). */
export function localBytes(entry: RawEntry): Uint8Array {
  if (!entry.local) throw new Error("forge-zip: no local header");
  const w = new Writer();
  w.u32(0x04034b50);
  writeHeader(w, entry.local);
  w.bytes(entry.local.name);
  w.bytes(entry.local.extra);
  w.bytes(entry.data);
  w.bytes(entry.descriptor);
  return w.result();
}

/** One extra-field record: id, length, body. */
export function extraField(id: number, body: Uint8Array): Uint8Array {
  const w = new Writer();
  w.u16(id);
  w.u16(body.length);
  w.bytes(body);
  return w.result();
}
