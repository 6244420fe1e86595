/**
 * The bundle checks of the offline verifier: the signed manifest, every file
 * it lists, each exhibit's statement and signature, and who holds the keys.
 * What must always hold is written in ../verify-core.mjs.
 */
import { checkStatementSignature, decodeBase64url, profileFingerprint } from "./canonical.mjs";
import { crc32 } from "./crypto.mjs";
import { checkIdentities } from "./identities.mjs";
import { manifestTimestamp, verdictWithTimestamps, withExhibitTimestamp } from "./bundle-timestamps.mjs";
import { BundleUnreadableError, dataMismatch, hashEntry, nameKey, quoteName, readWhole, readZip } from "./zip-reader.mjs";

export const BUNDLE_FORMAT = "casevault-bundle/2";
export const MANIFEST_TYPE = "casevault.bundle-manifest.v2";
export const EVIDENCE_STATEMENT_TYPE = "casevault.evidence.v2";
export const TESTIMONY_STATEMENT_TYPE = "casevault.testimony-version.v1";
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

function exhibitName(exhibit) {
  if (exhibit.kind === "evidence" && typeof exhibit.originalName === "string") return exhibit.originalName;
  if (typeof exhibit.path === "string") return exhibit.path.split("/").pop();
  return "?";
}

/** Why a statement does not belong to the exhibit it is listed for, or null. */
function statementMismatch(manifest, exhibit, documents) {
  const s = exhibit.statement;
  if (!isObject(s)) return "no statement";
  if (!isObject(exhibit.signer)) return "no signer";
  if (s.caseId !== manifest.caseId) return "statement names another case";
  if (exhibit.kind === "evidence") {
    if (s.type !== EVIDENCE_STATEMENT_TYPE) return "not an evidence statement";
    if (s.evidenceId !== exhibit.evidenceId) return "statement names another evidence item";
    if (s.sha256 !== exhibit.sha256 || s.size !== exhibit.size) return "statement differs from the listed hash or size";
    if (s.uploaderId !== exhibit.signer.userId) return "the statement names another uploader than the signer";
    return null;
  }
  if (s.type !== TESTIMONY_STATEMENT_TYPE) return "not a testimony statement";
  if (s.testimonyId !== exhibit.testimonyId || s.version !== exhibit.version) return "statement names another testimony version";
  if (s.authorId !== exhibit.signer.userId) return "the statement names another author than the signer";
  if (!documents.has(exhibit.readablePath)) return "its readable copy is not listed in the manifest";
  return null;
}

/** Why the signer's key may not have signed this statement (signed after the key was replaced), or null. */
function keyWindowProblem(exhibit) {
  const until = exhibit.signer.retiredUntil;
  if (until === undefined) return null;
  const end = typeof until === "string" ? Date.parse(until) : Number.NaN;
  if (Number.isNaN(end)) return "the key's validity window is malformed";
  const at = Date.parse(String(exhibit.statement.signedAt));
  if (!(at <= end)) return `signed ${String(exhibit.statement.signedAt)}, after this key was replaced (${until})`;
  return null;
}

/** The entry for `path` if it exists and is well-formed, or the reason it cannot be read. */
function entryFor(zip, path) {
  if (typeof path !== "string") return { reason: "missing file", detail: "the manifest gives no path" };
  const entry = zip.byName.get(path)?.[0];
  if (!entry) return { reason: "missing file", detail: `${quoteName(path)} is not in the ZIP` };
  // A malformed or ambiguous entry is not read: what we would hash may not be what another tool extracts.
  const malformed = zip.problemsOf(entry);
  if (malformed.length > 0) return { reason: "malformed entry", detail: malformed.map((p) => p.message).join("; ") };
  return { entry };
}

/** Hashes the entry: { actual } or { failure } if it cannot be read. */
async function hashOf(source, entry) {
  try {
    return { actual: await hashEntry(source, entry) };
  } catch (error) {
    return { failure: { reason: "unreadable file", detail: error instanceof Error ? error.message : String(error) } };
  }
}

/** The data matched its signed hash; it must also match its own headers (CRC-32, size), or another tool may read it otherwise. */
function headerFailure(zip, entry, actual) {
  const dataProblem = dataMismatch(entry, actual);
  if (!dataProblem) return null;
  zip.add(dataProblem, entry);
  return { reason: "malformed entry", detail: dataProblem };
}

async function checkExhibit(source, zip, manifest, exhibit, documents) {
  const base = { number: exhibit.number, name: exhibitName(exhibit), path: exhibit.path, kind: exhibit.kind };
  if (exhibit.kind !== "evidence" && exhibit.kind !== "testimony") return { ...base, ok: false, reason: "unknown exhibit kind" };
  const found = entryFor(zip, exhibit.path);
  if (!found.entry) return { ...base, ok: false, reason: found.reason, detail: found.detail };
  const mismatch = statementMismatch(manifest, exhibit, documents);
  if (mismatch) return { ...base, ok: false, reason: "statement mismatch", detail: mismatch };
  const window = keyWindowProblem(exhibit);
  if (window) return { ...base, ok: false, reason: "key retired", detail: window };
  const { actual, failure } = await hashOf(source, found.entry);
  if (failure) return { ...base, ok: false, ...failure };
  const expected = exhibit.kind === "evidence" ? exhibit.statement.sha256 : exhibit.statement.contentSha256;
  if (actual.sha256 !== expected || (exhibit.kind === "evidence" && actual.size !== exhibit.statement.size)) {
    return { ...base, ok: false, reason: "hash mismatch", detail: `file SHA-256 ${actual.sha256}, signed ${String(expected)}` };
  }
  const malformed = headerFailure(zip, found.entry, actual);
  if (malformed) return { ...base, ok: false, ...malformed };
  if (!(await checkStatementSignature(exhibit.statement, exhibit.signature, exhibit.signer.signPublicKey))) return { ...base, ok: false, reason: "bad signature" };
  return { ...base, ok: true, sha256: actual.sha256, signer: exhibit.signer, signedAt: exhibit.statement.signedAt };
}

/** A file the exporter made (index.pdf, readable copies): its bytes must be the ones the manifest signature covers. */
async function checkDocument(source, zip, document) {
  const base = { path: typeof document?.path === "string" ? document.path : "?" };
  if (!isObject(document)) return { ...base, ok: false, reason: "malformed manifest entry" };
  const found = entryFor(zip, document.path);
  if (!found.entry) return { ...base, ok: false, reason: found.reason, detail: found.detail };
  const { actual, failure } = await hashOf(source, found.entry);
  if (failure) return { ...base, ok: false, ...failure };
  if (actual.sha256 !== document.sha256 || actual.size !== document.size) {
    return { ...base, ok: false, reason: "hash mismatch", detail: `file SHA-256 ${actual.sha256}, signed ${String(document.sha256)}` };
  }
  const malformed = headerFailure(zip, found.entry, actual);
  return malformed ? { ...base, ok: false, ...malformed } : { ...base, ok: true };
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

/** A person as the report shows them: name, id and the fingerprint of both keys (null if a key is malformed). */
export function personSummary(person) {
  const ed = decodeBase64url(person?.signPublicKey, 32);
  const box = decodeBase64url(person?.boxPublicKey, 32);
  return {
    userId: String(person?.userId ?? ""),
    displayName: String(person?.displayName ?? ""),
    signPublicKey: String(person?.signPublicKey ?? ""),
    boxPublicKey: String(person?.boxPublicKey ?? ""),
    keyHex: ed ? Array.from(ed, (b) => b.toString(16).padStart(2, "0")).join("") : null,
    fingerprint: ed && box ? profileFingerprint(box, ed) : null,
    ...(person?.retiredUntil !== undefined ? { retiredUntil: String(person.retiredUntil) } : {}),
  };
}

/**
 * Signing keys the bundle names for more than one person: a statement
 * re-signed by one member and labelled as another's. Fingerprints (--expect)
 * do not bind user ids, so this is checked here for every bundle.
 */
function sharedKeys(people) {
  const owners = new Map();
  for (const person of people) {
    if (!isObject(person) || typeof person.signPublicKey !== "string") continue;
    const ids = owners.get(person.signPublicKey) ?? new Map();
    ids.set(String(person.userId), person);
    owners.set(person.signPublicKey, ids);
  }
  return [...owners.values()].filter((ids) => ids.size > 1).map((ids) => [...ids.values()].map(personSummary));
}

/** Paths the manifest lists more than once (names compared as the ZIP check compares them): two exhibits cannot be one file. */
function pathsListedTwice(paths) {
  const seen = new Map();
  const twice = new Set();
  for (const path of paths) {
    if (typeof path !== "string") continue;
    const key = nameKey(path);
    if (seen.has(key)) twice.add(seen.get(key));
    else seen.set(key, path);
  }
  return [...twice];
}

const NO_MANIFEST = { caseId: undefined, reference: undefined, bundleId: undefined, bundleName: undefined, exportedAt: undefined, exporter: null };

/** Problems without an entry first, then by entry in central-directory order. */
function sortProblems(problems) {
  return problems.map((p, i) => [p, i]).sort(([a, i], [b, j]) => (a.index ?? -1) - (b.index ?? -1) || i - j).map(([p]) => p);
}

/** Reads manifest.json; throws BundleUnreadableError if it is not a Casevault manifest file at all. */
async function readManifestFile(source, zip, entry) {
  const bytes = await readWhole(source, entry, MANIFEST_MAX_BYTES);
  const dataProblem = dataMismatch(entry, { size: bytes.length, crc: crc32(bytes) });
  if (dataProblem) zip.add(dataProblem, entry);
  let file;
  try {
    file = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new BundleUnreadableError("manifest.json is not valid JSON");
  }
  if (!isObject(file) || typeof file.format !== "string" || !file.format.startsWith("casevault-bundle/")) {
    throw new BundleUnreadableError("manifest.json is not a Casevault bundle manifest");
  }
  return file;
}

/** Why the signed manifest cannot be trusted, or null. Checked before anything in it is used. */
async function manifestProblem(file) {
  if (file.format === "casevault-bundle/1") {
    return "manifest.json is not signed (format casevault-bundle/1, made by an earlier Casevault version): nothing ties this bundle to an exporter; export it again";
  }
  if (file.format !== BUNDLE_FORMAT) return `manifest.json has an unknown format (${String(file.format)})`;
  const m = file.manifest;
  if (!isObject(m) || m.type !== MANIFEST_TYPE || !Array.isArray(m.exhibits) || !Array.isArray(m.documents) || !isObject(m.exporter)) {
    return `manifest.json is not a ${BUNDLE_FORMAT} manifest`;
  }
  if (!(await checkStatementSignature(m, file.signature, m.exporter.signPublicKey))) {
    return "the manifest's signature does not verify with the exporter's key it names: the bundle was changed after it was exported";
  }
  if (!m.documents.some((d) => isObject(d) && d.path === "index.pdf")) return "the signed manifest does not list index.pdf";
  return null;
}

/**
 * Verify a bundle. `options.expect` (fingerprints, parseExpected) or
 * `options.orgKeys` (a parsed keys file, verify/org-keys.mjs) check who holds
 * the keys. Throws BundleUnreadableError if it is not a ZIP or has no usable
 * manifest (and nothing else wrong to report). The result's `verdict` is
 * "pass" (everything checked, identities included), "unverified" (every
 * signature valid, identities not checked) or "fail".
 */
export async function verifyBundle(source, options = {}) {
  const zip = zipContext(await readZip(source));
  const manifestEntry = zip.byName.get("manifest.json")?.[0];
  if (!manifestEntry) throw new BundleUnreadableError("manifest.json is missing");
  const unchecked = (manifestFailure = null) => ({
    ok: false,
    verdict: "fail",
    exhibitsChecked: false,
    manifestProblem: manifestFailure,
    manifestTimestamp: null,
    tsaChecked: false,
    manifest: NO_MANIFEST,
    documents: [],
    keyConflicts: [],
    listedTwice: [],
    exhibits: [],
    people: [],
    identity: { method: "none", ok: false, problems: [] },
    unlisted: [],
    problems: sortProblems(zip.problems),
  });
  // Which manifest another tool would read is unclear: check no exhibit against either copy.
  if (zip.problemsOf(manifestEntry).length > 0) return unchecked();
  let file;
  try {
    file = await readManifestFile(source, zip, manifestEntry);
  } catch (error) {
    // Not a bundle at all (exit 2), unless the ZIP already has problems to report as a FAIL.
    if (zip.problems.length === 0 || !(error instanceof BundleUnreadableError)) throw error;
    zip.add(`the manifest cannot be used (${error.message})`, manifestEntry);
    return unchecked();
  }
  const untrusted = await manifestProblem(file);
  if (untrusted) return unchecked(untrusted);
  const manifest = file.manifest;
  const manifestStamp = await manifestTimestamp(file, options.tsaCerts ?? null);

  const documents = [];
  for (const document of manifest.documents) documents.push(await checkDocument(source, zip, document));
  const documentPaths = new Set(documents.filter((d) => d.path !== "?").map((d) => d.path));
  const exhibits = [];
  for (const exhibit of manifest.exhibits) {
    if (!isObject(exhibit)) exhibits.push({ number: "?", name: "?", ok: false, reason: "malformed manifest entry" });
    else exhibits.push(await withExhibitTimestamp(await checkExhibit(source, zip, manifest, exhibit, documentPaths), exhibit, options.tsaCerts ?? null));
  }
  const listed = new Set(["manifest.json", ...documentPaths, ...manifest.exhibits.map((e) => (isObject(e) ? e.path : undefined))]);
  const unlisted = [];
  for (const entry of zip.entries) {
    if (listed.has(entry.name)) continue;
    unlisted.push(entry.name);
    zip.add("not listed in the manifest (a bundle holds only manifest.json and the files its signed manifest lists)", entry);
  }

  // Who signed what, and when: the exporter at export, each signer at their statement's date.
  const exporter = personSummary(manifest.exporter);
  const uses = [{ person: exporter, at: String(manifest.exportedAt), role: "exporter" }];
  for (const e of exhibits) if (e.ok) uses.push({ person: personSummary(e.signer), at: String(e.signedAt), role: `exhibit ${e.number}` });
  const people = [];
  const seen = new Set();
  for (const { person } of uses) {
    const key = `${person.userId}\u0000${person.signPublicKey}\u0000${person.boxPublicKey}`;
    if (!seen.has(key)) people.push(person);
    seen.add(key);
  }
  const listedTwice = pathsListedTwice([...manifest.documents, ...manifest.exhibits].map((e) => (isObject(e) ? e.path : undefined)));
  const keyConflicts = sharedKeys([manifest.exporter, ...manifest.exhibits.map((e) => (isObject(e) ? e.signer : null))]);
  const problems = sortProblems(zip.problems);
  const ok = problems.length === 0 && keyConflicts.length === 0 && listedTwice.length === 0 && exhibits.length > 0 && exhibits.every((e) => e.ok) && documents.every((d) => d.ok) && manifestStamp?.status !== "fail";
  const identity = checkIdentities(uses, options);
  return {
    ok,
    verdict: verdictWithTimestamps(!ok || (identity.method !== "none" && !identity.ok) ? "fail" : identity.method === "none" ? "unverified" : "pass", exhibits, manifestStamp),
    exhibitsChecked: true,
    manifestProblem: null,
    manifestTimestamp: manifestStamp,
    tsaChecked: Boolean(options.tsaCerts),
    manifest: {
      caseId: manifest.caseId,
      reference: manifest.reference,
      bundleId: manifest.bundleId,
      bundleName: manifest.bundleName,
      exportedAt: manifest.exportedAt,
      exporter,
    },
    documents,
    keyConflicts,
    listedTwice,
    exhibits: exhibits.map(({ signer, signedAt, ...rest }) => (signer ? { ...rest, signer: personSummary(signer), signedAt } : rest)),
    people,
    identity,
    unlisted,
    problems,
  };
}
