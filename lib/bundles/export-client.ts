/**
 * Exporting an exhibit bundle in the browser (issue 6, DESIGN.md §2
 * "Signatures"): a ZIP with the decrypted exhibits, an index PDF and a
 * manifest that lets a court check every file and signature offline
 * (bin/casevault-verify.mjs, lib/bundles/verify-core.mjs).
 *
 * ZIP layout:
 *   manifest.json                  format "casevault-bundle/1": exhibits with
 *                                  the exact signed statements, signatures,
 *                                  signer public keys and custody events
 *   index.pdf                      human index (pdf-lib)
 *   exhibits/NN-<safe name>        evidence files, as decrypted (stored, level 0)
 *   exhibits/NN-testimony-vV.json  canonical JSON of the signed testimony content
 *
 * Must always hold:
 * - Each exhibit's statement is rebuilt here with the same functions that
 *   built what was signed (evidenceStatement, versionStatement), from the
 *   ids, the finalised metadata / exact content and the signing time: the
 *   manifest never carries a statement the signature was not made over.
 * - Evidence bytes are re-hashed while they are zipped; a file whose SHA-256
 *   or size differs from the signed metadata aborts the export (no bundle is
 *   produced that the verifier would fail).
 * - A testimony file's bytes are exactly canonicalJson(content), so their
 *   SHA-256 is the statement's contentSha256.
 * - Names inside the ZIP are made safe (sanitiseFileName): no path
 *   separators, control characters or leading dots; Unicode is kept.
 * - Memory: exhibits are streamed into fflate one at a time (file() is
 *   called only when that exhibit's turn comes, its Blob read chunk by chunk,
 *   and released before the next). Entries are stored, not deflated, so a
 *   chunk passes straight through. ZIP output is gathered into Blob pieces
 *   every 8 MiB, which browsers may keep outside the JS heap, so the peak is
 *   about one exhibit (the caller's decrypted Blob) plus the finished ZIP
 *   Blob. fflate writes no ZIP64: a bundle must stay under 4 GiB in all and
 *   65535 entries; larger ones throw BundleExportError("too_large").
 */
import "client-only";
import { Zip, ZipPassThrough } from "fflate";
import { toBase64url } from "@/lib/crypto/encoding";
import { createSha256 } from "@/lib/crypto/sha256";
import { canonicalJson } from "@/lib/encoding/canonical-json";
import { evidenceStatement, type EvidenceMeta, type EvidenceStatement } from "@/lib/evidence/schema";
import { versionStatement, type TestimonyVersionStatement } from "@/lib/testimonies/digest";
import { BUNDLE_FORMAT, type BundleManifest, type BundleSigner, type CustodyEvent } from "./manifest";
import { buildIndexPdf } from "./pdf/index-pdf";




export type ExhibitInput =
  | {
      kind: "evidence";
      number: number;
      evidenceId: string;
      /** Finalised metadata (sha256 set). */
      meta: EvidenceMeta;
      uploader: BundleSigner;
      /** base64url Ed25519 signature over the evidence statement. */
      signature: string;
      /** ISO instant, exactly as signed. */
      signedAt: string;
      reviewStatus: string;
      custody: CustodyEvent[];
      /** The decrypted file (its hash already checked by downloadEvidence); called when its turn comes. */
      file: () => Promise<Blob>;
    }
  | {
      kind: "testimony";
      number: number;
      testimonyId: string;
      version: number;
      /** The exact content that was signed. */
      content: unknown;
      author: BundleSigner;
      signature: string;
      signedAt: string;
      title: string;
    };

export type ExportBundleInput = {
  caseId: string;
  reference: string;
  bundleId: string;
  bundleName: string;
  /** Display name (or id) of the exporting user. */
  exportedBy: string;
  /** ISO instant. */
  exportedAt: string;
  exhibits: ExhibitInput[];
  /** Bytes of exhibit content written so far, out of the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * A TrueType font for the index PDF (Cyrillic and other scripts). Default:
   * DejaVu Sans from the dejavu-fonts-ttf package. Resolving to null (or
   * failing) falls back to Helvetica with transliteration and a note in the PDF.
   */
  loadFont?: () => Promise<Uint8Array | null>;
};

export type BundleExportErrorCode = "invalid_input" | "hash_mismatch" | "too_large";

export class BundleExportError extends Error {
  override readonly name = "BundleExportError";
  constructor(
    readonly code: BundleExportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// ---- names ----

const NAME_MAX = 120;

/**
 * A file name safe to write anywhere: the last path segment, no control or
 * Windows-reserved characters, no leading dots or spaces, no trailing dots or
 * spaces, at most 120 characters (the extension kept). Unicode stays (NFC).
 */
export function sanitiseFileName(name: string): string {
  let safe = (name.normalize("NFC").split(/[/\\]/).pop() ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/^[.\s]+/, "")
    .replace(/[.\s]+$/, "");
  const chars = [...safe];
  if (chars.length > NAME_MAX) {
    const dot = safe.lastIndexOf(".");
    const ext = dot > 0 ? [...safe.slice(dot)] : [];
    const keep = ext.length > 0 && ext.length <= 16 ? ext : [];
    safe = chars.slice(0, NAME_MAX - keep.length).join("") + keep.join("");
  }
  return safe === "" ? "file" : safe;
}

function exhibitPaths(exhibits: ExhibitInput[]): string[] {
  const numbers = new Set<number>();
  for (const exhibit of exhibits) {
    if (!Number.isSafeInteger(exhibit.number) || exhibit.number < 1) throw new BundleExportError("invalid_input", `exhibit number ${exhibit.number} is not a positive integer`);
    if (numbers.has(exhibit.number)) throw new BundleExportError("invalid_input", `exhibit number ${exhibit.number} is used twice`);
    numbers.add(exhibit.number);
  }
  const width = Math.max(2, String(Math.max(0, ...numbers)).length);
  return exhibits.map((exhibit) => {
    const nn = String(exhibit.number).padStart(width, "0");
    return exhibit.kind === "evidence" ? `exhibits/${nn}-${sanitiseFileName(exhibit.meta.name)}` : `exhibits/${nn}-testimony-v${exhibit.version}.json`;
  });
}

// ---- the ZIP ----

const ZIP_LIMIT = 0xffffffff - 1024 * 1024; // stay clear of ZIP64
const BLOB_PIECE_BYTES = 8 * 1024 * 1024;

/** Build the bundle ZIP. Throws BundleExportError; never returns a bundle with a file that differs from its signed hash. */
export async function exportBundle(input: ExportBundleInput): Promise<Blob> {
  const paths = exhibitPaths(input.exhibits);
  if (input.exhibits.length > 65000) throw new BundleExportError("too_large", "too many exhibits");

  // Statements and testimony files first: cheap, and they fail fast on bad input.
  const testimonyFiles = new Map<number, Uint8Array>();
  const entries: BundleManifest["exhibits"] = [];
  for (const [i, exhibit] of input.exhibits.entries()) {
    const path = paths[i]!;
    if (exhibit.kind === "evidence") {
      const meta = exhibit.meta;
      if (meta.sha256 === "") throw new BundleExportError("invalid_input", `exhibit ${exhibit.number}: evidence is not finalised`);
      let statement: EvidenceStatement;
      try {
        statement = evidenceStatement({ evidenceId: exhibit.evidenceId, caseId: input.caseId, sha256: meta.sha256, size: meta.size, signedAt: exhibit.signedAt });
      } catch (cause) {
        throw new BundleExportError("invalid_input", `exhibit ${exhibit.number}: ${cause instanceof Error ? cause.message : "bad statement"}`, { cause });
      }
      entries.push({
        number: exhibit.number,
        kind: "evidence",
        path,
        evidenceId: exhibit.evidenceId,
        originalName: meta.name,
        type: meta.type,
        size: meta.size,
        sha256: meta.sha256,
        description: meta.description,
        capturedAt: meta.capturedAt,
        source: meta.source,
        tags: meta.tags,
        reviewStatus: exhibit.reviewStatus,
        statement,
        signature: exhibit.signature,
        signer: signerOf(exhibit.uploader),
        custody: exhibit.custody.map((e) => ({ seq: e.seq, action: e.action, actorId: e.actorId, at: e.at })),
      });
    } else {
      let statement: TestimonyVersionStatement;
      let bytes: Uint8Array;
      try {
        statement = await versionStatement(
          { testimonyId: exhibit.testimonyId, caseId: input.caseId, version: exhibit.version, authorId: exhibit.author.userId, signedAt: exhibit.signedAt },
          exhibit.content,
        );
        bytes = new TextEncoder().encode(canonicalJson(exhibit.content));
      } catch (cause) {
        throw new BundleExportError("invalid_input", `exhibit ${exhibit.number}: ${cause instanceof Error ? cause.message : "bad statement"}`, { cause });
      }
      testimonyFiles.set(i, bytes);
      entries.push({
        number: exhibit.number,
        kind: "testimony",
        path,
        testimonyId: exhibit.testimonyId,
        version: exhibit.version,
        title: exhibit.title,
        statement,
        signature: exhibit.signature,
        signer: signerOf(exhibit.author),
      });
    }
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    caseId: input.caseId,
    reference: input.reference,
    bundleId: input.bundleId,
    bundleName: input.bundleName,
    exportedAt: input.exportedAt,
    exportedBy: input.exportedBy,
    exhibits: entries,
  };
  const total = input.exhibits.reduce((sum, e, i) => sum + (e.kind === "evidence" ? e.meta.size : (testimonyFiles.get(i)?.length ?? 0)), 0);
  if (total > ZIP_LIMIT) throw new BundleExportError("too_large", "the bundle would exceed 4 GiB, which this ZIP format cannot hold");

  const pdf = await buildIndexPdf({ ...manifest, loadFont: input.loadFont });

  // fflate calls back synchronously from push(); errors are re-thrown after each step.
  const pieces: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let zipBytes = 0;
  let zipError: Error | null = null;
  let finished = false;
  const flush = () => {
    if (pending.length === 0) return;
    pieces.push(new Blob(pending as BlobPart[]));
    pending = [];
    pendingBytes = 0;
  };
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      zipError = error;
      return;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    zipBytes += chunk.length;
    if (pendingBytes >= BLOB_PIECE_BYTES) flush();
    if (final) finished = true;
  });
  const check = () => {
    if (zipError) throw new BundleExportError("too_large", zipError.message, { cause: zipError });
    if (zipBytes > ZIP_LIMIT) throw new BundleExportError("too_large", "the bundle would exceed 4 GiB, which this ZIP format cannot hold");
  };
  const mtime = new Date(input.exportedAt);
  const addWhole = (name: string, bytes: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    entry.mtime = mtime;
    zip.add(entry);
    entry.push(bytes, true);
    check();
  };

  try {
    addWhole("manifest.json", new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
    addWhole("index.pdf", pdf);

    let done = 0;
    input.onProgress?.(0, total);
    for (const [i, exhibit] of input.exhibits.entries()) {
      const path = paths[i]!;
      if (exhibit.kind === "testimony") {
        const bytes = testimonyFiles.get(i)!;
        addWhole(path, bytes);
        done += bytes.length;
        input.onProgress?.(done, total);
        continue;
      }
      const entry = new ZipPassThrough(path);
      entry.mtime = mtime;
      zip.add(entry);
      const hasher = await createSha256();
      const blob = await exhibit.file();
      const reader = blob.stream().getReader();
      let size = 0;
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        hasher.update(value);
        size += value.length;
        entry.push(value, false);
        check();
        done += value.length;
        input.onProgress?.(done, total);
      }
      if (size !== exhibit.meta.size || toBase64url(hasher.digest()) !== exhibit.meta.sha256) {
        throw new BundleExportError("hash_mismatch", `exhibit ${exhibit.number}: the file does not match its signed SHA-256`);
      }
      entry.push(new Uint8Array(0), true);
      check();
    }
    zip.end();
    check();
    if (!finished) throw new BundleExportError("invalid_input", "ZIP did not finish");
    flush();
    return new Blob(pieces, { type: "application/zip" });
  } catch (error) {
    zip.terminate();
    pieces.length = 0;
    pending = [];
    throw error;
  }
}

function signerOf(signer: BundleSigner): BundleSigner {
  return {
    userId: signer.userId,
    displayName: signer.displayName,
    signPublicKey: signer.signPublicKey,
    ...(signer.boxPublicKey ? { boxPublicKey: signer.boxPublicKey } : {}),
  };
}
