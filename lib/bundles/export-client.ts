/**
 * Exporting an exhibit bundle in the browser (issues 6 and 13, DESIGN.md §2
 * "Signatures"): a ZIP with the decrypted exhibits, readable PDFs and a
 * manifest signed by the exporting user that lets a court check every file
 * and signature offline (bin/casevault-verify.mjs, lib/bundles/verify-core.mjs).
 *
 * ZIP layout:
 *   manifest.json                  format "casevault-bundle/2" (manifest.ts):
 *                                  the exporter's signature over every file's
 *                                  hash, each exhibit's signed statement,
 *                                  signature, signer keys and custody events
 *   index.pdf                      the index a reader starts from (pdf/index-pdf.ts)
 *   verify.html                    the offline verifier page (lib/bundles/verify/web/,
 *                                  built to public/verify.html), when the caller
 *                                  gives it: listed and signed like index.pdf
 *   exhibits/NN-<safe name>        evidence files, as decrypted (stored, level 0)
 *   exhibits/NN-testimony-vV.json  canonical JSON of the signed testimony content
 *   exhibits/NN-testimony-vV.pdf   the same testimony laid out for reading
 *
 * Must always hold:
 * - Every statement's signature is checked with the key its entry names
 *   before anything is written (export/exhibit-entries.ts).
 * - Evidence bytes are re-hashed while they are zipped; a file whose SHA-256
 *   or size differs from the signed metadata aborts the export (no bundle is
 *   produced that the verifier would fail).
 * - Memory: exhibits are streamed into the ZIP one at a time (file() is
 *   called only when that exhibit's turn comes, its Blob read chunk by chunk,
 *   and released before the next), so the peak is about one exhibit (the
 *   caller's decrypted Blob) plus the finished ZIP Blob (export/zip-writer.ts).
 */
import "client-only";
import { fromBase64url, toBase64url, toHex } from "@/lib/crypto/encoding";
import { fingerprint } from "@/lib/crypto/fingerprint";
import { createSha256, sha256 } from "@/lib/crypto/sha256";
import { signCanonical } from "@/lib/crypto/signatures";
import { BundleExportError } from "./export/errors";
import { prepareExhibit, type PreparedExhibit } from "./export/exhibit-entries";
import type { ExportBundleInput } from "./export/input";
import { exhibitPaths } from "./export/names";
import { manifestToken, tokenTime } from "./export/timestamps";
import { ZIP_LIMIT, ZipWriter } from "./export/zip-writer";
import { BUNDLE_FORMAT, MANIFEST_TYPE, type BundleDocument, type BundleManifest, type BundleSigner, type SignedManifestFile } from "./manifest";
import { buildIndexPdf, type IndexExhibit, type PdfSigner } from "./pdf/index-pdf";
import { buildTestimonyPdf } from "./pdf/testimony-pdf";

export { BundleExportError, type BundleExportErrorCode } from "./export/errors";
export type { ExhibitInput, ExportBundleInput } from "./export/input";
export { sanitiseFileName } from "./export/names";

const hex = (base64url: string) => toHex(fromBase64url(base64url));

/** Where the verifier page sits in the bundle. */
export const VERIFIER_PAGE_PATH = "verify.html";

async function documentOf(path: string, bytes: Uint8Array): Promise<BundleDocument> {
  return { path, sha256: toBase64url(await sha256(bytes)), size: bytes.length };
}

/** Each person's name and profile fingerprint, as the PDFs print them. */
function pdfSigners(): (signer: BundleSigner) => Promise<PdfSigner> {
  const cache = new Map<string, Promise<string>>();
  return async (signer) => {
    const key = `${signer.boxPublicKey}.${signer.signPublicKey}`;
    if (!cache.has(key)) cache.set(key, fingerprint({ x25519: fromBase64url(signer.boxPublicKey), ed25519: fromBase64url(signer.signPublicKey) }));
    const digits = await cache.get(key)!;
    return { displayName: signer.displayName, userId: signer.userId, fingerprint: digits, ...(signer.retiredUntil ? { retiredUntil: signer.retiredUntil } : {}) };
  };
}

/** The PDFs the exporter makes: one readable copy per testimony, then the index naming every file. */
async function buildDocuments(input: ExportBundleInput, exporter: BundleSigner, prepared: PreparedExhibit[]): Promise<{ path: string; bytes: Uint8Array }[]> {
  const signerOf = pdfSigners();
  const common = { locale: input.language, timeZone: input.timeZone, loadFont: input.loadFont };
  const documents: { path: string; bytes: Uint8Array }[] = [];
  const listed: IndexExhibit[] = [];
  for (const [i, { entry }] of prepared.entries()) {
    const signer = await signerOf(entry.signer);
    const fileName = entry.path.slice("exhibits/".length);
    if (entry.kind === "evidence") {
      listed.push({
        kind: "evidence",
        number: entry.number,
        fileName,
        title: entry.description || entry.originalName,
        originalName: entry.originalName,
        type: entry.type,
        size: entry.size,
        sha256Hex: hex(entry.sha256),
        capturedAt: entry.capturedAt,
        source: entry.source,
        signedAt: entry.statement.signedAt,
        signer,
        timestamp: tokenTime(entry.timestamp),
      });
      continue;
    }
    const exhibit = input.exhibits[i]!;
    if (exhibit.kind !== "testimony") throw new BundleExportError("invalid_input", `exhibit ${entry.number}: kind changed`);
    const contentSha256Hex = hex(entry.statement.contentSha256);
    const bytes = await buildTestimonyPdf({
      ...common,
      reference: input.reference,
      exhibitNumber: entry.number,
      title: entry.title,
      version: entry.version,
      content: exhibit.content,
      signedAt: entry.statement.signedAt,
      signer,
      contentSha256Hex,
    });
    documents.push({ path: entry.readablePath, bytes });
    listed.push({
      kind: "testimony",
      number: entry.number,
      title: entry.title,
      version: entry.version,
      fileName,
      readableFileName: entry.readablePath.slice("exhibits/".length),
      contentSha256Hex,
      signedAt: entry.statement.signedAt,
      signer,
      timestamp: null,
    });
  }
  const index = await buildIndexPdf({
    ...common,
    bundleName: input.bundleName,
    reference: input.reference,
    bundleId: input.bundleId,
    caseId: input.caseId,
    exportedAt: input.exportedAt,
    exporter: await signerOf(exporter),
    exhibits: listed,
  });
  return [{ path: "index.pdf", bytes: index }, ...documents];
}

/** Build the bundle ZIP. Throws BundleExportError; never returns a bundle with a file that differs from its signed hash. */
export async function exportBundle(input: ExportBundleInput): Promise<Blob> {
  if (input.exhibits.length > 65000) throw new BundleExportError("too_large", "too many exhibits");
  const paths = exhibitPaths(input.exhibits);
  // Statements first: cheap, and they fail fast on bad input or a signature that does not verify.
  const prepared: PreparedExhibit[] = [];
  for (const [i, exhibit] of input.exhibits.entries()) prepared.push(await prepareExhibit(input.caseId, exhibit, paths[i]!, input.signers));
  const exhibitBytes = prepared.reduce((sum, p) => sum + (p.json ? p.json.length : p.entry.size), 0);
  if (exhibitBytes > ZIP_LIMIT) throw new BundleExportError("too_large", "the bundle would exceed 4 GiB, which this ZIP format cannot hold");

  const { account, displayName } = input.exporter;
  const exporter: BundleSigner = {
    userId: account.userId,
    displayName,
    signPublicKey: toBase64url(account.keys.ed25519.publicKey),
    boxPublicKey: toBase64url(account.keys.x25519.publicKey),
  };
  const documents = await buildDocuments(input, exporter, prepared);
  // Second, after index.pdf: what a reader opens next, signed like every other file.
  if (input.verifierPage) documents.splice(1, 0, { path: VERIFIER_PAGE_PATH, bytes: input.verifierPage });
  const manifest: BundleManifest = {
    type: MANIFEST_TYPE,
    caseId: input.caseId,
    reference: input.reference,
    bundleId: input.bundleId,
    bundleName: input.bundleName,
    exportedAt: input.exportedAt,
    language: input.language,
    timeZone: input.timeZone,
    exporter,
    documents: await Promise.all(documents.map((d) => documentOf(d.path, d.bytes))),
    exhibits: prepared.map((p) => p.entry),
  };
  const signature = toBase64url(await signCanonical(manifest, account.keys.ed25519.privateKey));
  // After signing, before anything is zipped: a TSA that is down fails the export here, cheaply.
  const timestamp = input.timestamp ? await manifestToken(manifest, input.timestamp) : undefined;
  const signed: SignedManifestFile = { format: BUNDLE_FORMAT, manifest, signature, ...(timestamp ? { timestamp } : {}) };

  const zip = new ZipWriter(new Date(input.exportedAt));
  try {
    zip.add("manifest.json", new TextEncoder().encode(`${JSON.stringify(signed, null, 2)}\n`));
    for (const document of documents) zip.add(document.path, document.bytes);
    let done = 0;
    input.onProgress?.(0, exhibitBytes);
    for (const [i, exhibit] of input.exhibits.entries()) {
      const { entry, json } = prepared[i]!;
      if (json) {
        zip.add(entry.path, json);
        done += json.length;
        input.onProgress?.(done, exhibitBytes);
        continue;
      }
      if (exhibit.kind !== "evidence") throw new BundleExportError("invalid_input", `exhibit ${exhibit.number}: kind changed`);
      const push = zip.entry(entry.path);
      const hasher = await createSha256();
      const reader = (await exhibit.file()).stream().getReader();
      let size = 0;
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        hasher.update(value);
        size += value.length;
        push(value, false);
        done += value.length;
        input.onProgress?.(done, exhibitBytes);
      }
      if (size !== exhibit.meta.size || toBase64url(hasher.digest()) !== exhibit.meta.sha256) {
        throw new BundleExportError("hash_mismatch", `exhibit ${exhibit.number}: the file does not match its signed SHA-256`);
      }
      push(new Uint8Array(0), true);
    }
    return zip.finish();
  } catch (error) {
    zip.abort();
    throw error;
  }
}
