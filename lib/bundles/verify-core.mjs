/**
 * The offline bundle verifier (issue 6): checks an exported bundle ZIP with
 * no network, no account and no server. Plain Node ≥ 20 ESM, so a court's
 * expert can read it; used by bin/casevault-verify.mjs and the unit tests.
 * This file holds the bundle checks, the report and the command line; the
 * strict ZIP reader is verify/zip-reader.mjs, canonical JSON and signatures
 * are verify/canonical.mjs (both re-exported here).
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
 * - The public keys travel inside the bundle, so a valid signature proves
 *   "signed by the holder of this key", not "signed by this person": the
 *   report prints each signer's key fingerprint to compare with the one the
 *   person confirms (their Casevault profile shows the same digits).
 * - The ZIP itself is read strictly (issue 13, readZip): a bundle PASSes only
 *   if the ZIP is exactly what the exporter writes: every entry is
 *   manifest.json, index.pdf or a listed exhibit, once (names compared after
 *   NFC and case folding), with a safe relative name; local and central
 *   headers agree; entries tile the file from byte 0 to the central directory
 *   with no gap or overlap; the central directory ends at the end record,
 *   which ends the file (no comment, no trailing data); one disk, no ZIP64, no
 *   encryption, only stored or deflate; each read entry's CRC-32 and size
 *   match its data. Anything else is a FAIL that names the entry, so no tool
 *   can extract a file other than the one checked here. An exhibit whose
 *   entry has a problem is not read.
 * - Memory stays flat: entries are read in slices (verify/zip-reader.mjs);
 *   only manifest.json is held whole (≤ 64 MiB).
 * - Text from the bundle is printed with control and bidi characters
 *   escaped: a name cannot rewrite the terminal's PASS/FAIL lines.
 */
import { crc32 } from "node:zlib";
import { decodeBase64url, profileFingerprint, verifyStatementSignature } from "./verify/canonical.mjs";
import { BundleUnreadableError, dataMismatch, fileSource, formatProblem, hashEntry, printable, quoteName, readWhole, readZip } from "./verify/zip-reader.mjs";

// The verifier's public names, as before the split: importers need not know which file holds what.
export { CanonicalJsonError, canonicalBytes, canonicalJson, decodeBase64url, profileFingerprint, verifyStatementSignature } from "./verify/canonical.mjs";
export {
  BundleUnreadableError,
  bytesSource,
  entryChunks,
  fileSource,
  formatProblem,
  hashEntry,
  listZip,
  nameKey,
  printable,
  quoteName,
  readZip,
  unsafeNameReason,
} from "./verify/zip-reader.mjs";

export const BUNDLE_FORMAT = "casevault-bundle/1";
export const EVIDENCE_STATEMENT_TYPE = "casevault.evidence.v1";
export const TESTIMONY_STATEMENT_TYPE = "casevault.testimony-version.v1";
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

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
