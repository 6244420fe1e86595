/**
 * The offline verifier's strict ZIP reader (issue 13): its own parser, no
 * library's lenient view, reading through random access (bytesSource,
 * fileSource). Plain ESM; fflate only to inflate, hashes from ./crypto.mjs
 * (web/crypto.mjs in the page in the bundle, which reads a File: web/blob-source.mjs).
 *
 * Must always hold:
 * - readZip reports every way the ZIP differs from what the exporter writes
 *   (see its comment); with no problem, every tool that reads the ZIP sees the
 *   same files with the same bytes as we do. Problems name their entry.
 * - Names are compared after NFC and case folding (nameKey); a name is
 *   printed quoted, with control and bidi characters escaped (quoteName).
 * - Memory stays flat: the central directory (≤ 64 MiB), then each entry's
 *   bytes in 1 MiB slices, inflated as a stream when deflated, never past the
 *   size its header gives. ZIP64 archives (> 4 GiB or > 65535 entries) are
 *   not read; the exporter (fflate) does not write them.
 */
import { open } from "node:fs/promises";
import { Inflate } from "fflate";
import { concatBytes, crc32, sha256, toBase64url } from "./crypto.mjs";

const READ_SLICE = 1024 * 1024;
// Deflate expands up to ~1032:1, and fflate emits a pushed slice's output at once: small slices keep that bounded.
const INFLATE_SLICE = 64 * 1024;
// 65535 entries with long names fit easily; a forged end record must not make us allocate gigabytes.
const CENTRAL_DIRECTORY_MAX_BYTES = 64 * 1024 * 1024;

/** The input cannot be read as a bundle at all (exit code 2). Also thrown by ../verify-core.mjs, which re-exports it. */
export class BundleUnreadableError extends Error {
  name = "BundleUnreadableError";
}

// ---- byte sources (random access) ----

/** A ZIP held in memory. */
export function bytesSource(bytes) {
  return {
    size: bytes.length,
    async read(offset, length) {
      return bytes.subarray(offset, offset + length);
    },
    async close() {},
  };
}

/** A ZIP file on disk, read in slices. */
export async function fileSource(path) {
  const handle = await open(path, "r");
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buf = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.subarray(0, done);
    },
    async close() {
      await handle.close();
    },
  };
}

// ---- the strict parser ----

const u16 = (b, o) => b[o] | (b[o + 1] << 8);
const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DEFLATE_OPTIONS = 0x0006; // bits 1–2: deflate speed hints, harmless
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_MASKED_DIRECTORY = 0x2000;
const VERSION_READ = 20; // ZIP 2.0: stored and deflate, no ZIP64, no encryption
// Extra fields that only carry timestamps or owners: they change neither the name nor the content.
const HARMLESS_EXTRA = new Set([0x000a, 0x5455, 0x5855, 0x7875]);
const UNSAFE_NAME_CHARS = /[<>:"|?*]/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

const hex = (n, digits) => `0x${n.toString(16).padStart(digits, "0")}`;

/** A name as printed in a report: quoted, control and bidi characters escaped. */
export function quoteName(name) {
  return printable(JSON.stringify(name));
}

/** Text from the bundle made safe for a terminal: control and bidi characters escaped. */
export function printable(text) {
  return String(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The key two names collide under: Unicode NFC, then full case folding
 * (upper then lower case maps ß→ss, ﬁ→fi, ς→σ). Two entries with the same key
 * are one file on macOS and Windows, and one of them is what a tool extracts.
 */
export function nameKey(name) {
  return name.normalize("NFC").toUpperCase().toLowerCase().normalize("NFC");
}

/** Why an entry name is unsafe to extract or ambiguous, or null. */
export function unsafeNameReason(name) {
  if (name === "") return "empty name";
  if (name.startsWith("/")) return "absolute path";
  if (name.includes("\\")) return "backslash in the name";
  if (/^[A-Za-z]:/.test(name)) return "drive letter";
  if (CONTROL_CHARS.test(name)) return "control character in the name";
  if (name.endsWith("/")) return "directory entry (a bundle holds only files)";
  const segments = name.split("/");
  if (segments.some((s) => s === "")) return "empty path segment";
  if (segments.some((s) => s === "." || s === "..")) return "path traversal (a '.' or '..' segment)";
  if (UNSAFE_NAME_CHARS.test(name)) return 'a character Windows cannot store (<>:"|?*)';
  if (segments.some((s) => /[. ]$/.test(s))) return "a path segment ends with a dot or space (Windows drops it)";
  return null;
}

/** Problems in an extra field block (local or central). */
function extraProblems(extra, where) {
  const problems = [];
  let p = 0;
  while (p < extra.length) {
    if (p + 4 > extra.length) {
      problems.push(`malformed ${where} extra field`);
      break;
    }
    const id = u16(extra, p);
    const size = u16(extra, p + 2);
    if (p + 4 + size > extra.length) {
      problems.push(`malformed ${where} extra field`);
      break;
    }
    if (id === 0x0001) problems.push(`ZIP64 extra field in the ${where} header (ZIP64 is not supported)`);
    else if (id === 0x7075) problems.push(`Info-ZIP Unicode path extra field (0x7075) in the ${where} header: some tools extract under that name instead`);
    else if (!HARMLESS_EXTRA.has(id)) problems.push(`unsupported extra field ${hex(id, 4)} in the ${where} header`);
    p += 4 + size;
  }
  return problems;
}

/** Problems with an entry's flags, method and version (same rules for local and central headers). */
function headerProblems(h, where) {
  const problems = [];
  if (h.flags & FLAG_ENCRYPTED) problems.push(`encrypted entry (general-purpose flag bit 0 in the ${where} header)`);
  if (h.flags & FLAG_STRONG_ENCRYPTION) problems.push(`strong encryption (general-purpose flag bit 6 in the ${where} header)`);
  if (h.flags & FLAG_MASKED_DIRECTORY) problems.push(`masked central directory (general-purpose flag bit 13 in the ${where} header)`);
  const known = FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_DIRECTORY | FLAG_DESCRIPTOR | FLAG_UTF8 | (h.method === 8 ? FLAG_DEFLATE_OPTIONS : 0);
  if (h.flags & ~known) problems.push(`unsupported general-purpose flags ${hex(h.flags & ~known, 4)} in the ${where} header`);
  if (h.method !== 0 && h.method !== 8) problems.push(`compression method ${h.method} in the ${where} header (only stored, 0, and deflate, 8, are read)`);
  if (h.versionNeeded > VERSION_READ) problems.push(`the ${where} header needs ZIP version ${Math.floor(h.versionNeeded / 10)}.${h.versionNeeded % 10} to extract (this verifier reads up to 2.0)`);
  return problems;
}

function decodeName(bytes, flags) {
  if (flags & FLAG_UTF8) {
    try {
      return { name: new TextDecoder("utf-8", { fatal: true }).decode(bytes), problem: null };
    } catch {
      return { name: new TextDecoder().decode(bytes), problem: "the name is marked UTF-8 but is not valid UTF-8" };
    }
  }
  let name = "";
  for (const b of bytes) name += String.fromCharCode(b); // Latin-1: one character per byte
  // Without the UTF-8 flag, tools read bytes ≥ 0x80 as CP437, the system code page or UTF-8: no two agree.
  return { name, problem: bytes.some((b) => b >= 0x80) ? "the name has non-ASCII bytes but is not marked UTF-8 (tools disagree on how to read it)" : null };
}

const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Reads a ZIP's structure strictly (issue 13): the end record, the central
 * directory it points to, then each entry's local header and data
 * descriptor. Returns the entries in central-directory order and every
 * problem found; throws BundleUnreadableError only when there is no central
 * directory to read at all.
 *
 * Must always hold: an archive that this returns with no problems has one
 * end record at the very end (no comment, no trailing data, one disk, no
 * ZIP64), a central directory that ends exactly where it starts, and entries
 * that tile the bytes before it with no gap and no overlap, each local header
 * agreeing with its central record (name, flags, method, CRC-32, sizes),
 * unencrypted, stored or deflated, with a safe, unique name. Then every tool
 * that reads the ZIP sees the same files with the same bytes as we do.
 * (The data's CRC-32 and size are checked when the data is read.)
 */
export async function readZip(source) {
  const problems = [];
  const problem = (message, entry) => problems.push(entry ? { entry: entry.name, index: entry.index, message } : { message });

  const tailLength = Math.min(source.size, 22 + 65535);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  let e = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === SIG_END) {
      e = i;
      break;
    }
  }
  if (e < 0) throw new BundleUnreadableError("not a ZIP file (no end of central directory)");
  const eocdOffset = tailStart + e;
  const disk = u16(tail, e + 4);
  const cdDisk = u16(tail, e + 6);
  const diskCount = u16(tail, e + 8);
  const count = u16(tail, e + 10);
  const cdSize = u32(tail, e + 12);
  const cdOffset = u32(tail, e + 16);
  const commentLength = u16(tail, e + 20);
  if (count === 0xffff || diskCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new BundleUnreadableError("ZIP64 archives are not supported");
  if (disk !== 0 || cdDisk !== 0 || diskCount !== count) problem(`multi-disk archive (this is disk ${disk}, the central directory starts on disk ${cdDisk}, ${diskCount} of ${count} entries on this disk)`);
  if (commentLength > 0) problem(`the end-of-central-directory record has a ${commentLength}-byte comment`);
  const recordEnd = eocdOffset + 22 + commentLength;
  if (recordEnd < source.size) problem(`${source.size - recordEnd} bytes of trailing data after the end-of-central-directory record`);
  if (recordEnd > source.size) problem("the end-of-central-directory comment runs past the end of the file");
  if (eocdOffset >= 20) {
    const before = await source.read(eocdOffset - 20, 4);
    if (before.length === 4 && u32(before, 0) === SIG_ZIP64_LOCATOR) problem("ZIP64 end-of-central-directory locator before the end record (ZIP64 is not supported; ZIP64-aware tools may read another central directory)");
  }
  if (cdOffset + cdSize > source.size) throw new BundleUnreadableError("damaged ZIP (central directory out of range)");
  if (cdSize > CENTRAL_DIRECTORY_MAX_BYTES) throw new BundleUnreadableError("the central directory is too large");
  if (cdOffset + cdSize !== eocdOffset) problem(`the central directory ends at byte ${cdOffset + cdSize}, but the end-of-central-directory record is at byte ${eocdOffset}`);

  const cd = await source.read(cdOffset, cdSize);
  const entries = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p === cd.length) {
      problem(`the end-of-central-directory record counts ${count} entries, the central directory holds ${n}`);
      break;
    }
    if (p + 46 > cd.length || u32(cd, p) !== SIG_CENTRAL) throw new BundleUnreadableError(`damaged ZIP (central directory record ${n + 1})`);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const entryCommentLength = u16(cd, p + 32);
    const next = p + 46 + nameLength + extraLength + entryCommentLength;
    if (next > cd.length) throw new BundleUnreadableError(`damaged ZIP (central directory record ${n + 1})`);
    const nameBytes = cd.slice(p + 46, p + 46 + nameLength);
    const flags = u16(cd, p + 8);
    const decoded = decodeName(nameBytes, flags);
    const entry = {
      index: n,
      name: decoded.name,
      nameBytes,
      versionMadeBy: u16(cd, p + 4),
      versionNeeded: u16(cd, p + 6),
      flags,
      method: u16(cd, p + 10),
      crc: u32(cd, p + 16),
      compressedSize: u32(cd, p + 20),
      size: u32(cd, p + 24),
      disk: u16(cd, p + 34),
      externalAttributes: u32(cd, p + 38),
      localOffset: u32(cd, p + 42),
      dataOffset: -1,
      end: -1,
    };
    entries.push(entry);
    if (decoded.problem) problem(decoded.problem, entry);
    const why = unsafeNameReason(entry.name);
    if (why) problem(`unsafe name: ${why}`, entry);
    for (const message of headerProblems(entry, "central")) problem(message, entry);
    for (const message of extraProblems(cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), "central")) problem(message, entry);
    if (entryCommentLength > 0) problem(`the entry has a ${entryCommentLength}-byte comment`, entry);
    if (entry.disk !== 0) problem(`multi-disk archive (the entry starts on disk ${entry.disk})`, entry);
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) problem("ZIP64 size or offset marker (ZIP64 is not supported)", entry);
    if (entry.method === 0 && entry.compressedSize !== entry.size) problem(`stored entry whose compressed size (${entry.compressedSize}) differs from its size (${entry.size})`, entry);
    const unixMode = entry.versionMadeBy >> 8 === 3 ? entry.externalAttributes >>> 16 : 0;
    const fileType = unixMode & 0o170000;
    if (fileType !== 0 && fileType !== 0o100000) {
      problem(`not a regular file (Unix mode 0o${unixMode.toString(8)}${fileType === 0o120000 ? ": a symbolic link" : ""})`, entry);
    }
    p = next;
  }
  if (p < cd.length) {
    problem(
      cd.length - p >= 4 && u32(cd, p) === SIG_CENTRAL
        ? `the central directory holds more entries than the ${count} the end-of-central-directory record counts`
        : `${cd.length - p} bytes at the end of the central directory belong to no record`,
    );
  }

  for (const entry of entries) await readLocalHeader(source, entry, cdOffset, (message) => problem(message, entry));

  // The entries must tile [0, cdOffset): no gap (bytes no entry explains) and no overlap.
  const placed = entries.filter((x) => x.end >= 0).sort((a, b) => a.localOffset - b.localOffset || a.index - b.index);
  let cursor = 0;
  let previous = null;
  for (const entry of placed) {
    if (entry.localOffset < cursor && previous) problem(`overlaps entry ${quoteName(previous.name)} (bytes ${entry.localOffset}–${entry.end} against ${previous.localOffset}–${previous.end})`, entry);
    else if (entry.localOffset > cursor) problem(`${entry.localOffset - cursor} bytes at offset ${cursor} before this entry belong to no entry`, entry);
    if (entry.end > cursor) {
      cursor = entry.end;
      previous = entry;
    }
  }
  if (placed.length === entries.length && cursor < cdOffset) problem(`${cdOffset - cursor} bytes at offset ${cursor}, before the central directory, belong to no entry`);

  // Names that collide after NFC and case folding: tools keep the first, the last, or ask.
  const groups = new Map();
  for (const entry of entries) {
    const key = nameKey(entry.name);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const names = group.map((x) => quoteName(x.name)).join(", ");
    // One problem for the group, reported under its first entry, held against every copy.
    problems.push({
      entry: group[0].name,
      index: group[0].index,
      indexes: group.map((x) => x.index),
      message: `duplicate entry name: ${group.length} entries are named ${names} (compared after Unicode NFC normalisation and case folding; other tools may extract another copy)`,
    });
  }
  return { entries, problems, centralDirectoryOffset: cdOffset };
}

/** Checks one entry's local header (and data descriptor) against its central record; sets dataOffset and end. */
async function readLocalHeader(source, entry, cdOffset, problem) {
  const at = entry.localOffset;
  const head = at + 30 <= source.size ? await source.read(at, 30) : new Uint8Array(0);
  if (head.length < 30 || u32(head, 0) !== SIG_LOCAL) {
    problem(`no local header at offset ${at}`);
    return;
  }
  const local = { versionNeeded: u16(head, 4), flags: u16(head, 6), method: u16(head, 8), crc: u32(head, 14), compressedSize: u32(head, 18), size: u32(head, 22) };
  const nameLength = u16(head, 26);
  const extraLength = u16(head, 28);
  const variable = await source.read(at + 30, nameLength + extraLength);
  if (variable.length < nameLength + extraLength) {
    problem("the local header runs past the end of the file");
    return;
  }
  const localName = variable.subarray(0, nameLength);
  for (const message of headerProblems(local, "local")) problem(message);
  for (const message of extraProblems(variable.subarray(nameLength), "local")) problem(message);

  const differ = [];
  if (!sameBytes(localName, entry.nameBytes)) differ.push(`name (local ${quoteName(decodeName(localName, local.flags).name)})`);
  if (local.flags !== entry.flags) differ.push(`flags (local ${hex(local.flags, 4)}, central ${hex(entry.flags, 4)})`);
  if (local.method !== entry.method) differ.push(`compression method (local ${local.method}, central ${entry.method})`);
  // With a data descriptor the local header may leave CRC and sizes zero; anything else must match.
  const deferred = (local.flags & FLAG_DESCRIPTOR) !== 0;
  const agrees = (value, central) => value === central || (deferred && value === 0);
  if (!agrees(local.crc, entry.crc)) differ.push(`CRC-32 (local ${hex(local.crc, 8)}, central ${hex(entry.crc, 8)})`);
  if (!agrees(local.compressedSize, entry.compressedSize)) differ.push(`compressed size (local ${local.compressedSize}, central ${entry.compressedSize})`);
  if (!agrees(local.size, entry.size)) differ.push(`size (local ${local.size}, central ${entry.size})`);
  if (differ.length > 0) problem(`the local header and the central directory disagree on the ${differ.join(", ")}`);

  entry.dataOffset = at + 30 + nameLength + extraLength;
  let end = entry.dataOffset + entry.compressedSize;
  if (deferred && end <= source.size) {
    const d = await source.read(end, 16);
    const signed = d.length >= 4 && u32(d, 0) === SIG_DESCRIPTOR;
    const o = signed ? 4 : 0;
    if (d.length < o + 12) problem("the data descriptor is missing");
    else {
      const descriptor = { crc: u32(d, o), compressedSize: u32(d, o + 4), size: u32(d, o + 8) };
      const bad = ["crc", "compressedSize", "size"].filter((k) => descriptor[k] !== entry[k]);
      if (bad.length > 0) problem(`the data descriptor and the central directory disagree on the ${bad.map((k) => ({ crc: "CRC-32", compressedSize: "compressed size", size: "size" })[k]).join(", ")}`);
      end += o + 12;
    }
  }
  entry.end = end;
  if (end > cdOffset) problem(`the entry's data runs into the central directory or past the end of the file (ends at byte ${end}, the central directory starts at ${cdOffset})`);
}

/**
 * The ZIP's entries by name. Strict: throws BundleUnreadableError if readZip
 * finds any problem (a duplicate name among them), so no caller can pick one
 * copy of a name by accident.
 */
export async function listZip(source) {
  const { entries, problems } = await readZip(source);
  if (problems.length > 0) throw new BundleUnreadableError(`malformed ZIP: ${problems.map(formatProblem).join("; ")}`);
  return new Map(entries.map((entry) => [entry.name, entry]));
}

/** One problem as a line of the report. */
export function formatProblem(p) {
  return p.entry === undefined ? p.message : `${quoteName(p.entry)}: ${p.message}`;
}

// ---- entry data ----

/** The uncompressed bytes of one entry, slice by slice; never more than its header's size. */
export async function* entryChunks(source, entry) {
  if (entry.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw new BundleUnreadableError(`${entry.name}: encrypted ZIP entries are not supported`);
  if (entry.method !== 0 && entry.method !== 8) throw new BundleUnreadableError(`${entry.name}: unsupported compression method ${entry.method}`);
  let offset = entry.dataOffset;
  if (typeof offset !== "number" || offset < 0) {
    const local = await source.read(entry.localOffset, 30);
    if (local.length < 30 || u32(local, 0) !== SIG_LOCAL) throw new BundleUnreadableError(`${entry.name}: damaged local header`);
    offset = entry.localOffset + 30 + u16(local, 26) + u16(local, 28);
  }
  const end = offset + entry.compressedSize;
  if (end > source.size) throw new BundleUnreadableError(`${entry.name}: truncated`);
  if (entry.method === 0) {
    while (offset < end) {
      const slice = await source.read(offset, Math.min(READ_SLICE, end - offset));
      offset += slice.length;
      yield slice;
    }
    return;
  }
  const out = [];
  let produced = 0;
  const inflate = new Inflate((chunk) => {
    produced += chunk.length;
    out.push(chunk);
  });
  const tooLarge = () => new BundleUnreadableError(`${entry.name}: inflates to more than the ${entry.size} bytes its header says`);
  while (offset < end) {
    const slice = await source.read(offset, Math.min(INFLATE_SLICE, end - offset));
    offset += slice.length;
    // fflate may keep a reference to the pushed buffer: hand it a copy.
    inflate.push(slice.slice(), offset >= end);
    if (produced > entry.size) throw tooLarge();
    while (out.length > 0) yield out.shift();
  }
  if (entry.compressedSize === 0) inflate.push(new Uint8Array(0), true);
  if (produced > entry.size) throw tooLarge();
  while (out.length > 0) yield out.shift();
}

/** SHA-256 (base64url), byte count and CRC-32 of one entry's uncompressed data. */
export async function hashEntry(source, entry) {
  const hash = sha256();
  let size = 0;
  let crc = 0;
  for await (const chunk of entryChunks(source, entry)) {
    hash.update(chunk);
    crc = crc32(chunk, crc);
    size += chunk.length;
  }
  return { sha256: toBase64url(hash.digest()), size, crc };
}

/** Why the data read does not match the entry's header (CRC-32, size), or null. */
export function dataMismatch(entry, actual) {
  if (actual.size !== entry.size) return `the data is ${actual.size} bytes, the header says ${entry.size}`;
  if (actual.crc !== entry.crc) return `the CRC-32 of the data (${hex(actual.crc, 8)}) differs from the header (${hex(entry.crc, 8)})`;
  return null;
}

/** One entry's uncompressed bytes, whole; throws BundleUnreadableError past `max` bytes. */
export async function readWhole(source, entry, max) {
  if (entry.size > max) throw new BundleUnreadableError(`${entry.name} is too large`);
  const parts = [];
  let total = 0;
  for await (const chunk of entryChunks(source, entry)) {
    total += chunk.length;
    if (total > max) throw new BundleUnreadableError(`${entry.name} is too large`);
    parts.push(chunk);
  }
  return concatBytes(parts);
}
