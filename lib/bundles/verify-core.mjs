/**
 * The offline bundle verifier (issue 6): checks an exported bundle ZIP with
 * no network, no account and no server. Plain Node ≥ 20 ESM, so a court's
 * expert can read it; used by bin/casevault-verify.mjs and the unit tests.
 *
 * Must always hold:
 * - Everything checked comes from the ZIP alone: manifest.json lists the
 *   exhibits with the exact signed statements, the signatures and the
 *   signers' Ed25519 public keys.
 * - For each exhibit: the file named by `path` exists; its SHA-256 (and, for
 *   evidence, its size) equals what the signed statement says; the statement
 *   agrees with the exhibit it is listed for (ids, case, version, author);
 *   and the Ed25519 signature over canonicalJson(statement) verifies with the
 *   signer's public key. Any failure is reported for that exhibit by number
 *   and name; one exhibit failing never hides another's result.
 * - canonicalJson is a copy of lib/encoding/canonical-json.ts (same bytes; a
 *   unit test compares them on tricky inputs). Change both or neither.
 * - The public keys travel inside the bundle, so a valid signature proves
 *   "signed by the holder of this key", not "signed by this person": the
 *   report prints each signer's key fingerprint to compare with the one the
 *   person confirms (their Casevault profile shows the same digits).
 * - The ZIP itself is read strictly (issue 13, readZip): its own parser, no
 *   library's lenient view. A bundle PASSes only if the ZIP is exactly what
 *   the exporter writes: every entry is manifest.json, index.pdf or a listed
 *   exhibit, once (names compared after NFC and case folding), with a safe
 *   relative name; local and central headers agree; entries tile the file
 *   from byte 0 to the central directory with no gap or overlap; the central
 *   directory ends at the end record, which ends the file (no comment, no
 *   trailing data); one disk, no ZIP64, no encryption, only stored or
 *   deflate; each read entry's CRC-32 and size match its data. Anything else
 *   is a FAIL that names the entry, so no tool can extract a file other than
 *   the one checked here. An exhibit whose entry has a problem is not read.
 * - Memory stays flat: the ZIP is read through random access (central
 *   directory, then each entry's bytes in 1 MiB slices, inflated as a
 *   stream when deflated, never past the size its header gives). Only
 *   manifest.json is held whole (≤ 64 MiB). ZIP64 archives (> 4 GiB or
 *   > 65535 entries) are not read; the exporter (fflate) does not write them.
 * - Text from the bundle is printed with control and bidi characters
 *   escaped: a name cannot rewrite the terminal's PASS/FAIL lines.
 */
import { createHash, verify as cryptoVerify } from "node:crypto";
import { open } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { Inflate } from "fflate";

export const BUNDLE_FORMAT = "casevault-bundle/1";
export const EVIDENCE_STATEMENT_TYPE = "casevault.evidence.v1";
export const TESTIMONY_STATEMENT_TYPE = "casevault.testimony-version.v1";
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
const READ_SLICE = 1024 * 1024;
// Deflate expands up to ~1032:1, and fflate emits a pushed slice's output at once: small slices keep that bounded.
const INFLATE_SLICE = 64 * 1024;
// 65535 entries with long names fit easily; a forged end record must not make us allocate gigabytes.
const CENTRAL_DIRECTORY_MAX_BYTES = 64 * 1024 * 1024;

/** The input cannot be read as a bundle at all (exit code 2). */
export class BundleUnreadableError extends Error {
  name = "BundleUnreadableError";
}

// ---- canonical JSON (copied from lib/encoding/canonical-json.ts) ----

export class CanonicalJsonError extends Error {
  name = "CanonicalJsonError";
}

const MAX_DEPTH = 100;

function fail(path, reason) {
  throw new CanonicalJsonError(`canonical JSON: ${path}: ${reason}`);
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value, path, seen, depth) {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) fail(path, `${String(value)} is not allowed`);
      return JSON.stringify(value);
    case "object":
      break;
    default:
      return fail(path, `${typeof value} is not allowed`);
  }
  if (depth > MAX_DEPTH) fail(path, "nested too deeply");
  if (seen.has(value)) fail(path, "cycle");
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) fail(`${path}[${i}]`, "array hole");
        items.push(write(value[i], `${path}[${i}]`, seen, depth + 1));
      }
      return `[${items.join(",")}]`;
    }
    if (!isPlainObject(value)) fail(path, "only plain objects are allowed");
    if (Object.getOwnPropertySymbols(value).length > 0) fail(path, "symbol keys are not allowed");
    const members = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(value[key], `${path}.${key}`, seen, depth + 1)}`);
    return `{${members.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

export function canonicalJson(value) {
  return write(value, "$", new Set(), 0);
}

export function canonicalBytes(value) {
  return new TextEncoder().encode(canonicalJson(value));
}

// ---- small helpers ----

/** Strict base64url (no padding) of exactly `bytes` bytes, or null. */
export function decodeBase64url(text, bytes) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const buf = Buffer.from(text, "base64url");
  if (buf.length !== bytes || buf.toString("base64url") !== text) return null;
  return new Uint8Array(buf);
}

const FINGERPRINT_LABEL = new TextEncoder().encode("casevault:v1:fingerprint");

/**
 * The profile fingerprint of lib/crypto/fingerprint.ts: BLAKE2b-512 over
 * label ‖ 0x00 ‖ x25519 ‖ ed25519, shown as 8 groups of 5 digits. Needs both keys.
 */
export function profileFingerprint(x25519, ed25519) {
  const hash = createHash("blake2b512").update(FINGERPRINT_LABEL).update(Uint8Array.of(0)).update(x25519).update(ed25519).digest();
  const groups = [];
  for (let g = 0; g < 8; g++) {
    let n = 0;
    for (let i = 0; i < 5; i++) n = n * 256 + hash[g * 5 + i];
    groups.push(String(n % 100000).padStart(5, "0"));
  }
  return groups.join(" ");
}

/** Ed25519 detached signature check over canonicalJson(statement); false on anything malformed. */
export function verifyStatementSignature(statement, signature, publicKey) {
  const key = decodeBase64url(publicKey, 32);
  const sig = decodeBase64url(signature, 64);
  if (!key || !sig) return false;
  let message;
  try {
    message = canonicalBytes(statement);
  } catch {
    return false;
  }
  try {
    return cryptoVerify(null, message, { key: { kty: "OKP", crv: "Ed25519", x: publicKey }, format: "jwk" }, sig);
  } catch {
    return false;
  }
}

// ---- ZIP reading (random access) ----

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
  const name = Buffer.from(bytes).toString("latin1");
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
  const hash = createHash("sha256");
  let size = 0;
  let crc = 0;
  for await (const chunk of entryChunks(source, entry)) {
    hash.update(chunk);
    crc = crc32(chunk, crc);
    size += chunk.length;
  }
  return { sha256: hash.digest("base64url"), size, crc };
}

/** Why the data read does not match the entry's header (CRC-32, size), or null. */
function dataMismatch(entry, actual) {
  if (actual.size !== entry.size) return `the data is ${actual.size} bytes, the header says ${entry.size}`;
  if (actual.crc !== entry.crc) return `the CRC-32 of the data (${hex(actual.crc, 8)}) differs from the header (${hex(entry.crc, 8)})`;
  return null;
}

async function readWhole(source, entry, max) {
  if (entry.size > max) throw new BundleUnreadableError(`${entry.name} is too large`);
  const parts = [];
  let total = 0;
  for await (const chunk of entryChunks(source, entry)) {
    total += chunk.length;
    if (total > max) throw new BundleUnreadableError(`${entry.name} is too large`);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

// ---- the checks ----

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

function exhibitName(exhibit) {
  if (exhibit.kind === "evidence" && typeof exhibit.originalName === "string") return exhibit.originalName;
  if (typeof exhibit.path === "string") return exhibit.path.split("/").pop();
  return "?";
}

/** Why a statement does not belong to the exhibit it is listed for, or null. */
function statementMismatch(manifest, exhibit) {
  const s = exhibit.statement;
  if (!isObject(s)) return "no statement";
  if (s.caseId !== manifest.caseId) return "statement names another case";
  if (exhibit.kind === "evidence") {
    if (s.type !== EVIDENCE_STATEMENT_TYPE) return "not an evidence statement";
    if (s.evidenceId !== exhibit.evidenceId) return "statement names another evidence item";
    if (s.sha256 !== exhibit.sha256 || s.size !== exhibit.size) return "statement differs from the listed hash or size";
    return null;
  }
  if (s.type !== TESTIMONY_STATEMENT_TYPE) return "not a testimony statement";
  if (s.testimonyId !== exhibit.testimonyId || s.version !== exhibit.version) return "statement names another testimony version";
  if (!isObject(exhibit.signer) || s.authorId !== exhibit.signer.userId) return "statement names another author";
  return null;
}

async function checkExhibit(source, zip, manifest, exhibit) {
  const base = { number: exhibit.number, name: exhibitName(exhibit), path: exhibit.path, kind: exhibit.kind };
  if (exhibit.kind !== "evidence" && exhibit.kind !== "testimony") return { ...base, ok: false, reason: "unknown exhibit kind" };
  if (typeof exhibit.path !== "string") return { ...base, ok: false, reason: "missing file", detail: "the manifest gives no path" };
  const entry = zip.byName.get(exhibit.path)?.[0];
  if (!entry) return { ...base, ok: false, reason: "missing file", detail: `${quoteName(exhibit.path)} is not in the ZIP` };
  // A malformed or ambiguous entry is not read: what we would hash may not be what another tool extracts.
  const malformed = zip.problemsOf(entry);
  if (malformed.length > 0) return { ...base, ok: false, reason: "malformed entry", detail: malformed.map((p) => p.message).join("; ") };
  const mismatch = statementMismatch(manifest, exhibit);
  if (mismatch) return { ...base, ok: false, reason: "statement mismatch", detail: mismatch };
  let actual;
  try {
    actual = await hashEntry(source, entry);
  } catch (error) {
    return { ...base, ok: false, reason: "unreadable file", detail: error instanceof Error ? error.message : String(error) };
  }
  const expected = exhibit.kind === "evidence" ? exhibit.statement.sha256 : exhibit.statement.contentSha256;
  if (actual.sha256 !== expected || (exhibit.kind === "evidence" && actual.size !== exhibit.statement.size)) {
    return { ...base, ok: false, reason: "hash mismatch", detail: `file SHA-256 ${actual.sha256}, signed ${String(expected)}` };
  }
  const dataProblem = dataMismatch(entry, actual);
  if (dataProblem) {
    zip.add(dataProblem, entry);
    return { ...base, ok: false, reason: "malformed entry", detail: dataProblem };
  }
  const signer = isObject(exhibit.signer) ? exhibit.signer : {};
  if (!verifyStatementSignature(exhibit.statement, exhibit.signature, signer.signPublicKey)) return { ...base, ok: false, reason: "bad signature" };
  return { ...base, ok: true, sha256: actual.sha256 };
}

/** readZip's result with lookups: entries by exact name, problems by entry. */
function zipContext(read) {
  const byName = new Map();
  for (const entry of read.entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  const problems = [...read.problems];
  return {
    entries: read.entries,
    byName,
    problems,
    problemsOf: (entry) => problems.filter((p) => p.index === entry.index || p.indexes?.includes(entry.index)),
    add: (message, entry) => problems.push(entry ? { entry: entry.name, index: entry.index, message } : { message }),
  };
}

function signerSummary(signer) {
  const ed = decodeBase64url(signer.signPublicKey, 32);
  const box = signer.boxPublicKey === undefined ? null : decodeBase64url(signer.boxPublicKey, 32);
  return {
    userId: String(signer.userId ?? ""),
    displayName: String(signer.displayName ?? ""),
    signPublicKey: String(signer.signPublicKey ?? ""),
    keyHex: ed ? Buffer.from(ed).toString("hex") : null,
    fingerprint: ed && box ? profileFingerprint(box, ed) : null,
  };
}

const ALWAYS_LISTED = new Set(["manifest.json", "index.pdf"]);
const NO_MANIFEST = { caseId: undefined, reference: undefined, bundleId: undefined, bundleName: undefined, exportedAt: undefined, exportedBy: undefined };

/** Problems without an entry first, then by entry in central-directory order. */
function sortProblems(problems) {
  return problems.map((p, i) => [p, i]).sort(([a, i], [b, j]) => (a.index ?? -1) - (b.index ?? -1) || i - j).map(([p]) => p);
}

/**
 * Verify a bundle. Throws BundleUnreadableError if it is not a ZIP or has no
 * usable manifest (and nothing else wrong to report); otherwise returns a
 * result per exhibit and every problem with the ZIP itself. Any problem
 * fails the bundle, even when every exhibit passes.
 */
export async function verifyBundle(source) {
  const zip = zipContext(await readZip(source));
  const manifestEntry = zip.byName.get("manifest.json")?.[0];
  if (!manifestEntry) throw new BundleUnreadableError("manifest.json is missing");
  const unchecked = () => ({ ok: false, exhibitsChecked: false, manifest: NO_MANIFEST, exhibits: [], signers: [], unlisted: [], problems: sortProblems(zip.problems) });
  // Which manifest another tool would read is unclear: check no exhibit against either copy.
  if (zip.problemsOf(manifestEntry).length > 0) return unchecked();
  let manifest;
  try {
    const bytes = await readWhole(source, manifestEntry, MANIFEST_MAX_BYTES);
    const dataProblem = dataMismatch(manifestEntry, { size: bytes.length, crc: crc32(bytes) });
    if (dataProblem) zip.add(dataProblem, manifestEntry);
    try {
      manifest = JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new BundleUnreadableError("manifest.json is not valid JSON");
    }
    if (!isObject(manifest) || manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.exhibits)) {
      throw new BundleUnreadableError(`manifest.json is not a ${BUNDLE_FORMAT} manifest`);
    }
  } catch (error) {
    // Not a bundle at all (exit 2), unless the ZIP already has problems to report as a FAIL.
    if (zip.problems.length === 0 || !(error instanceof BundleUnreadableError)) throw error;
    zip.add(`the manifest cannot be used (${error.message})`, manifestEntry);
    return unchecked();
  }
  const exhibits = [];
  const signers = new Map();
  for (const exhibit of manifest.exhibits) {
    if (!isObject(exhibit)) {
      exhibits.push({ number: "?", name: "?", ok: false, reason: "malformed manifest entry" });
      continue;
    }
    exhibits.push(await checkExhibit(source, zip, manifest, exhibit));
    if (isObject(exhibit.signer)) {
      const summary = signerSummary(exhibit.signer);
      const key = `${summary.userId}\u0000${summary.signPublicKey}`;
      if (!signers.has(key)) signers.set(key, summary);
    }
  }
  // index.pdf is not signed, but its bytes must still be what its headers say.
  const index = zip.byName.get("index.pdf")?.[0];
  if (index && zip.problemsOf(index).length === 0) {
    try {
      const dataProblem = dataMismatch(index, await hashEntry(source, index));
      if (dataProblem) zip.add(dataProblem, index);
    } catch (error) {
      zip.add(`the data cannot be read (${error instanceof Error ? error.message : String(error)})`, index);
    }
  }
  const listed = new Set([...ALWAYS_LISTED, ...manifest.exhibits.map((e) => (isObject(e) ? e.path : undefined))]);
  const unlisted = [];
  for (const entry of zip.entries) {
    if (listed.has(entry.name)) continue;
    unlisted.push(entry.name);
    zip.add("not listed in the manifest (a bundle holds only manifest.json, index.pdf and the exhibits its manifest lists)", entry);
  }
  const problems = sortProblems(zip.problems);
  return {
    ok: problems.length === 0 && exhibits.length > 0 && exhibits.every((e) => e.ok),
    exhibitsChecked: true,
    manifest: {
      caseId: manifest.caseId,
      reference: manifest.reference,
      bundleId: manifest.bundleId,
      bundleName: manifest.bundleName,
      exportedAt: manifest.exportedAt,
      exportedBy: manifest.exportedBy,
    },
    exhibits,
    signers: [...signers.values()],
    unlisted,
    problems,
  };
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The human report: the ZIP's structure, one line per exhibit, then signers and a summary. */
export function formatReport(result) {
  const lines = [];
  const m = result.manifest;
  const text = (v) => printable(String(v ?? ""));
  if (result.exhibitsChecked) {
    lines.push(`Casevault bundle: ${text(m.bundleName)} (case ${text(m.reference)}), exported ${text(m.exportedAt)} by ${text(m.exportedBy)}`);
  } else {
    lines.push("Casevault bundle: manifest.json not read (it is malformed or ambiguous, see below)");
  }
  lines.push("");
  if (result.problems.length === 0) {
    lines.push("ZIP structure: PASS (one entry per name, each listed in the manifest, headers consistent, no hidden or overlapping data)");
  } else {
    lines.push(`ZIP structure: FAIL — ${plural(result.problems.length, "problem")}; the ZIP is malformed or was altered, and other tools may extract other files than the ones checked here:`);
    for (const p of result.problems) lines.push(`  ${formatProblem(p)}`);
  }
  if (result.exhibits.length > 0) lines.push("");
  for (const e of result.exhibits) {
    lines.push(`Exhibit ${text(e.number)} (${text(e.name)}): ${e.ok ? "PASS" : `FAIL — ${e.reason}${e.detail ? ` (${printable(e.detail)})` : ""}`}`);
  }
  if (result.signers.length > 0) {
    lines.push("");
    lines.push("Signers (the keys come from the bundle itself: compare each fingerprint with the one the person confirms):");
  }
  for (const s of result.signers) {
    const id = s.fingerprint ? `fingerprint ${s.fingerprint}` : "fingerprint unavailable (no encryption key in bundle)";
    lines.push(`  ${text(s.displayName)} [${text(s.userId)}]: ${id}; Ed25519 key ${s.keyHex ?? `malformed (${text(s.signPublicKey)})`}`);
  }
  const failed = result.exhibits.filter((e) => !e.ok).length;
  const structure = result.problems.length > 0 ? `${plural(result.problems.length, "problem")} with the ZIP itself (listed above).` : null;
  let verdict;
  if (result.ok) verdict = `PASS — all ${result.exhibits.length} exhibits match their signed hashes and signatures, and the ZIP is well-formed.`;
  else if (!result.exhibitsChecked) verdict = `FAIL — ${structure} The exhibits were not checked: manifest.json cannot be read unambiguously.`;
  else {
    const parts = [];
    if (result.exhibits.length === 0) parts.push("the bundle lists no exhibits.");
    else if (failed > 0) parts.push(`${failed} of ${result.exhibits.length} exhibits failed.`);
    else parts.push(`all ${result.exhibits.length} exhibits match their signed hashes and signatures, but`);
    if (structure) parts.push(structure);
    verdict = `FAIL — ${parts.join(" ")}`;
  }
  lines.push("");
  lines.push(`Result: ${verdict}`);
  return lines.join("\n");
}

/** The command line: exit 0 all pass, 1 any failure, 2 unreadable input or usage. */
export async function main(argv, out = (line) => process.stdout.write(`${line}\n`), err = (line) => process.stderr.write(`${line}\n`)) {
  const args = argv.filter((a) => a !== "--");
  if (args.length !== 1 || args[0] === "-h" || args[0] === "--help") {
    err("Usage: casevault-verify <bundle.zip>");
    err("Checks the ZIP's structure strictly, then every exhibit's SHA-256 and Ed25519 signature, offline.");
    err("Exit 0 = all pass, 1 = a failure (an exhibit or the ZIP itself), 2 = unreadable input.");
    return 2;
  }
  let source;
  try {
    source = await fileSource(args[0]);
  } catch (error) {
    err(`Cannot open ${args[0]}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const result = await verifyBundle(source);
    out(formatReport(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    err(`Cannot read ${args[0]} as a Casevault bundle: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await source.close();
  }
}
