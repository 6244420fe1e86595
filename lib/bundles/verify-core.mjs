/**
 * The offline bundle verifier (issues 6 and 13): checks an exported bundle
 * ZIP with no network, no account and no server. Plain Node ≥ 20 ESM, so a
 * court's expert can read it; used by bin/casevault-verify.mjs and the unit
 * tests. This file names what it exports; the bundle checks are
 * verify/bundle.mjs, the strict ZIP reader verify/zip-reader.mjs, canonical
 * JSON and signatures verify/canonical.mjs, who is who verify/identities.mjs
 * and verify/org-keys.mjs, the report and command line verify/report.mjs and
 * verify/cli.mjs.
 *
 * Must always hold:
 * - Everything checked comes from the ZIP alone, plus what the user gives
 *   to check identities with (--expect fingerprints, --keys file).
 * - The manifest's signature is checked first: manifest.json holds
 *   {format "casevault-bundle/2", manifest, signature}, the signature by the
 *   exporter's Ed25519 key (named in the manifest) over
 *   canonicalJson(manifest). If it does not verify, nothing else is trusted
 *   and no exhibit is checked.
 * - Every file is covered by that signature: exhibits by their statement's
 *   hash, index.pdf and the readable testimony PDFs (`documents`) by their
 *   SHA-256 and size. A file the manifest does not list is a FAIL (readZip).
 * - For each exhibit: the file exists and its SHA-256 (and, for evidence, its
 *   size) equals what the signed statement says; the statement agrees with
 *   the exhibit it is listed for (ids, case, version, and the signer it
 *   names: an evidence statement's uploaderId, a testimony's authorId); a key
 *   the signer has since replaced counts only for statements dated up to its
 *   `retiredUntil`; and the Ed25519 signature verifies with the signer's key.
 *   One exhibit failing never hides another's result.
 * - The keys travel inside the bundle, so valid signatures prove "signed by
 *   the holders of these keys", not "by these people". Who holds them is
 *   checked only against --expect or --keys; without either the verdict is
 *   "signatures valid, identities NOT verified" (exit code 3), never PASS.
 * - The ZIP itself is read strictly (verify/zip-reader.mjs): anything but
 *   exactly what the exporter writes is a FAIL that names the entry, so no
 *   tool can extract a file other than the one checked here.
 * - Memory stays flat: entries are read in slices; only manifest.json is
 *   held whole (≤ 64 MiB).
 * - RFC 3161 timestamps (verify/bundle-timestamps.mjs, verify/timestamp.mjs):
 *   a token over anything but what it is attached to, with a bad TSA
 *   signature, or not chaining to --tsa-cert is a FAIL; one whose TSA was
 *   not checked (no --tsa-cert) never leaves a PASS.
 */

// The verifier's public names: importers need not know which file holds what.
export { CanonicalJsonError, canonicalBytes, canonicalJson, decodeBase64url, profileFingerprint, verifyStatementSignature } from "./verify/canonical.mjs";
export { EXIT, main } from "./verify/cli.mjs";
export { parseExpected } from "./verify/identities.mjs";
export { formatReport } from "./verify/report.mjs";
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

export { BUNDLE_FORMAT, EVIDENCE_STATEMENT_TYPE, MANIFEST_TYPE, TESTIMONY_STATEMENT_TYPE, personSummary, verifyBundle } from "./verify/bundle.mjs";
export { parseOrgKeys, identityOf } from "./verify/org-keys.mjs";
export { checkTimestamp, parseTsaCertificates } from "./verify/timestamp.mjs";
