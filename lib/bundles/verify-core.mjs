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
 * - Memory stays flat: the ZIP is read through random access (central
 *   directory, then each entry's bytes in 1 MiB slices, inflated as a
 *   stream when deflated). Only manifest.json is held whole (≤ 64 MiB).
 *   ZIP64 archives (> 4 GiB or > 65535 entries) are not read; the exporter
 *   (fflate) does not write them either.
 */
import { createHash, verify as cryptoVerify } from "node:crypto";
import { open } from "node:fs/promises";
import { Inflate } from "fflate";

export const BUNDLE_FORMAT = "casevault-bundle/1";
export const EVIDENCE_STATEMENT_TYPE = "casevault.evidence.v1";
export const TESTIMONY_STATEMENT_TYPE = "casevault.testimony-version.v1";
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;
const READ_SLICE = 1024 * 1024;

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

/** The ZIP's entries by name, from its central directory. */
export async function listZip(source) {
  const tailLength = Math.min(source.size, 22 + 65535);
  const tail = await source.read(source.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new BundleUnreadableError("not a ZIP file (no end of central directory)");
  const count = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new BundleUnreadableError("ZIP64 archives are not supported");
  if (cdOffset + cdSize > source.size) throw new BundleUnreadableError("damaged ZIP (central directory out of range)");
  const cd = await source.read(cdOffset, cdSize);
  const entries = new Map();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) throw new BundleUnreadableError("damaged ZIP (central directory)");
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    const compressedSize = u32(cd, p + 20);
    const size = u32(cd, p + 24);
    const nameLength = u16(cd, p + 28);
    const extraLength = u16(cd, p + 30);
    const commentLength = u16(cd, p + 32);
    const localOffset = u32(cd, p + 42);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLength);
    const name = flags & 0x800 ? new TextDecoder().decode(nameBytes) : Buffer.from(nameBytes).toString("latin1");
    if (!entries.has(name)) entries.set(name, { name, flags, method, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry, slice by slice. */
export async function* entryChunks(source, entry) {
  if (entry.flags & 1) throw new BundleUnreadableError(`${entry.name}: encrypted ZIP entries are not supported`);
  if (entry.method !== 0 && entry.method !== 8) throw new BundleUnreadableError(`${entry.name}: unsupported compression method ${entry.method}`);
  const local = await source.read(entry.localOffset, 30);
  if (local.length < 30 || u32(local, 0) !== 0x04034b50) throw new BundleUnreadableError(`${entry.name}: damaged local header`);
  let offset = entry.localOffset + 30 + u16(local, 26) + u16(local, 28);
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
  const inflate = new Inflate((chunk) => out.push(chunk));
  while (offset < end) {
    const slice = await source.read(offset, Math.min(READ_SLICE, end - offset));
    offset += slice.length;
    // fflate may keep a reference to the pushed buffer: hand it a copy.
    inflate.push(slice.slice(), offset >= end);
    while (out.length > 0) yield out.shift();
  }
  if (entry.compressedSize === 0) inflate.push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift();
}

/** SHA-256 (base64url) and byte count of one entry. */
export async function hashEntry(source, entry) {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of entryChunks(source, entry)) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("base64url"), size };
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

async function checkExhibit(source, entries, manifest, exhibit) {
  const base = { number: exhibit.number, name: exhibitName(exhibit), path: exhibit.path, kind: exhibit.kind };
  if (exhibit.kind !== "evidence" && exhibit.kind !== "testimony") return { ...base, ok: false, reason: "unknown exhibit kind" };
  const entry = typeof exhibit.path === "string" ? entries.get(exhibit.path) : undefined;
  if (!entry) return { ...base, ok: false, reason: "missing file" };
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
  const signer = isObject(exhibit.signer) ? exhibit.signer : {};
  if (!verifyStatementSignature(exhibit.statement, exhibit.signature, signer.signPublicKey)) return { ...base, ok: false, reason: "bad signature" };
  return { ...base, ok: true, sha256: actual.sha256 };
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

/**
 * Verify a bundle. Throws BundleUnreadableError if it is not a ZIP or has no
 * usable manifest; otherwise returns a result per exhibit.
 */
export async function verifyBundle(source) {
  const entries = await listZip(source);
  const manifestEntry = entries.get("manifest.json");
  if (!manifestEntry) throw new BundleUnreadableError("manifest.json is missing");
  let manifest;
  try {
    manifest = JSON.parse((await readWhole(source, manifestEntry, MANIFEST_MAX_BYTES)).toString("utf8"));
  } catch (error) {
    if (error instanceof BundleUnreadableError) throw error;
    throw new BundleUnreadableError("manifest.json is not valid JSON");
  }
  if (!isObject(manifest) || manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.exhibits)) {
    throw new BundleUnreadableError(`manifest.json is not a ${BUNDLE_FORMAT} manifest`);
  }
  const exhibits = [];
  const signers = new Map();
  for (const exhibit of manifest.exhibits) {
    if (!isObject(exhibit)) {
      exhibits.push({ number: "?", name: "?", ok: false, reason: "malformed manifest entry" });
      continue;
    }
    exhibits.push(await checkExhibit(source, entries, manifest, exhibit));
    if (isObject(exhibit.signer)) {
      const summary = signerSummary(exhibit.signer);
      const key = `${summary.userId}\u0000${summary.signPublicKey}`;
      if (!signers.has(key)) signers.set(key, summary);
    }
  }
  const listed = new Set(manifest.exhibits.map((e) => (isObject(e) ? e.path : undefined)));
  const unlisted = [...entries.keys()].filter((name) => name.startsWith("exhibits/") && !listed.has(name) && !name.endsWith("/"));
  return {
    ok: exhibits.length > 0 && exhibits.every((e) => e.ok),
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
  };
}

/** The human report, one line per exhibit, then signers and a summary. */
export function formatReport(result) {
  const lines = [];
  const m = result.manifest;
  lines.push(`Casevault bundle: ${String(m.bundleName ?? "")} (case ${String(m.reference ?? "")}), exported ${String(m.exportedAt ?? "")} by ${String(m.exportedBy ?? "")}`);
  lines.push("");
  for (const e of result.exhibits) {
    lines.push(`Exhibit ${String(e.number)} (${String(e.name)}): ${e.ok ? "PASS" : `FAIL — ${e.reason}${e.detail ? ` (${e.detail})` : ""}`}`);
  }
  if (result.unlisted.length > 0) {
    lines.push("");
    lines.push(`Warning: files in exhibits/ not listed in the manifest (not verified): ${result.unlisted.join(", ")}`);
  }
  lines.push("");
  lines.push("Signers (the keys come from the bundle itself: compare each fingerprint with the one the person confirms):");
  for (const s of result.signers) {
    const id = s.fingerprint ? `fingerprint ${s.fingerprint}` : "fingerprint unavailable (no encryption key in bundle)";
    lines.push(`  ${s.displayName} [${s.userId}]: ${id}; Ed25519 key ${s.keyHex ?? `malformed (${s.signPublicKey})`}`);
  }
  const failed = result.exhibits.filter((e) => !e.ok).length;
  lines.push("");
  lines.push(
    result.ok
      ? `Result: PASS — all ${result.exhibits.length} exhibits match their signed hashes and signatures.`
      : result.exhibits.length === 0
        ? "Result: FAIL — the bundle lists no exhibits."
        : `Result: FAIL — ${failed} of ${result.exhibits.length} exhibits failed.`,
  );
  return lines.join("\n");
}

/** The command line: exit 0 all pass, 1 any failure, 2 unreadable input or usage. */
export async function main(argv, out = (line) => process.stdout.write(`${line}\n`), err = (line) => process.stderr.write(`${line}\n`)) {
  const args = argv.filter((a) => a !== "--");
  if (args.length !== 1 || args[0] === "-h" || args[0] === "--help") {
    err("Usage: casevault-verify <bundle.zip>");
    err("Checks every exhibit's SHA-256 and Ed25519 signature offline. Exit 0 = all pass, 1 = a failure, 2 = unreadable input.");
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
