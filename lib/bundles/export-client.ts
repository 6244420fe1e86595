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
import fontkit from "@pdf-lib/fontkit";
import { Zip, ZipPassThrough } from "fflate";
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { fromBase64url, toBase64url, toHex } from "@/lib/crypto/encoding";
import { createSha256 } from "@/lib/crypto/sha256";
import { canonicalJson } from "@/lib/encoding/canonical-json";
import { evidenceStatement, type EvidenceMeta, type EvidenceStatement } from "@/lib/evidence/schema";
import { versionStatement, type TestimonyVersionStatement } from "@/lib/testimonies/digest";

export const BUNDLE_FORMAT = "casevault-bundle/1";

export type BundleSigner = {
  userId: string;
  displayName: string;
  /** Ed25519 public key, base64url. */
  signPublicKey: string;
  /** X25519 public key, base64url (optional): with it the verifier prints the same fingerprint as the person's profile. */
  boxPublicKey?: string;
};

export type CustodyEvent = { seq: string; action: string; actorId: string | null; at: string };

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

// ---- manifest ----

export type EvidenceManifestExhibit = {
  number: number;
  kind: "evidence";
  path: string;
  evidenceId: string;
  originalName: string;
  type: string;
  size: number;
  /** base64url, as signed. */
  sha256: string;
  description: string;
  capturedAt: string;
  source: string;
  tags: string[];
  reviewStatus: string;
  statement: EvidenceStatement;
  signature: string;
  signer: BundleSigner;
  custody: CustodyEvent[];
};

export type TestimonyManifestExhibit = {
  number: number;
  kind: "testimony";
  path: string;
  testimonyId: string;
  version: number;
  title: string;
  statement: TestimonyVersionStatement;
  signature: string;
  signer: BundleSigner;
};

export type BundleManifest = {
  format: typeof BUNDLE_FORMAT;
  caseId: string;
  reference: string;
  bundleId: string;
  bundleName: string;
  exportedAt: string;
  exportedBy: string;
  exhibits: (EvidenceManifestExhibit | TestimonyManifestExhibit)[];
};

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

// ---- PDF index ----

const CYRILLIC: Record<string, string> = {
  а: "a", б: "b", в: "v", г: "g", ґ: "g", д: "d", е: "e", ё: "yo", є: "ye", ж: "zh", з: "z", и: "i", і: "i", ї: "yi", й: "y", к: "k",
  л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ў: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh",
  щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
};

/** Latin transliteration for the fallback font (WinAnsi); other characters become "?". */
export function transliterate(text: string): string {
  let out = "";
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const mapped = CYRILLIC[lower];
    if (mapped !== undefined) {
      out += ch !== lower && mapped.length > 0 ? mapped[0]!.toUpperCase() + mapped.slice(1) : mapped;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    out += (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) ? ch : "?";
  }
  return out;
}

async function defaultFont(): Promise<Uint8Array | null> {
  // Bundlers (webpack, Turbopack) emit the referenced file as a static asset.
  const response = await fetch(new URL("../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf", import.meta.url));
  if (!response.ok) return null;
  return new Uint8Array(await response.arrayBuffer());
}

const PAGE_WIDTH = 595.28; // A4
const PAGE_HEIGHT = 841.89;
const MARGIN = 50;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

function formatBytes(size: number): string {
  const grouped = String(size).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  if (size < 1024) return `${grouped} bytes`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${grouped} bytes (${value.toFixed(1)} ${units[unit]})`;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
}

class PdfWriter {
  page!: PDFPage;
  y = 0;

  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly clean: (text: string) => string,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.y = PAGE_HEIGHT - MARGIN;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  /** Split text into lines that fit `width` at `size`; overlong words are broken. */
  wrap(text: string, size: number, width = TEXT_WIDTH): string[] {
    const lines: string[] = [];
    for (const paragraph of this.clean(text).split("\n")) {
      let line = "";
      for (const word of paragraph.split(/ +/)) {
        const candidate = line === "" ? word : `${line} ${word}`;
        if (this.font.widthOfTextAtSize(candidate, size) <= width) {
          line = candidate;
          continue;
        }
        if (line !== "") lines.push(line);
        line = "";
        let rest = word;
        while (this.font.widthOfTextAtSize(rest, size) > width) {
          const chars = [...rest];
          let n = chars.length;
          while (n > 1 && this.font.widthOfTextAtSize(chars.slice(0, n).join(""), size) > width) n--;
          lines.push(chars.slice(0, n).join(""));
          rest = chars.slice(n).join("");
        }
        line = rest;
      }
      lines.push(line);
    }
    return lines;
  }

  text(text: string, size = 10, options: { gap?: number; color?: [number, number, number]; indent?: number } = {}): void {
    const indent = options.indent ?? 0;
    for (const line of this.wrap(text, size, TEXT_WIDTH - indent)) {
      this.ensure(size * 1.35);
      this.y -= size * 1.35;
      const color = options.color ?? [0, 0, 0];
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font: this.font, color: rgb(color[0], color[1], color[2]) });
    }
    this.y -= options.gap ?? 0;
  }

  rule(): void {
    this.ensure(10);
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: PAGE_WIDTH - MARGIN, y: this.y }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
    this.y -= 6;
  }
}

async function buildIndexPdf(input: ExportBundleInput, manifest: BundleManifest): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${input.bundleName} — ${input.reference}`);
  doc.setProducer("Casevault");
  doc.setCreator("Casevault");
  doc.setCreationDate(new Date(input.exportedAt));
  doc.setModificationDate(new Date(input.exportedAt));

  let fontBytes: Uint8Array | null = null;
  try {
    fontBytes = await (input.loadFont ?? defaultFont)();
  } catch {
    fontBytes = null;
  }
  let font: PDFFont;
  let clean: (text: string) => string;
  let unicode = false;
  if (fontBytes) {
    doc.registerFontkit(fontkit);
    font = await doc.embedFont(fontBytes, { subset: true });
    clean = (text) => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, " ");
    unicode = true;
  } else {
    font = await doc.embedFont(StandardFonts.Helvetica);
    clean = (text) => transliterate(text.replace(/[\u0000-\u0009\u000b-\u001f]/g, " ").replace(/[—–]/g, "-").replace(/…/g, "..."));
  }

  const w = new PdfWriter(doc, font, clean);
  const grey: [number, number, number] = [0.35, 0.35, 0.35];
  w.text(`Exhibit bundle: ${input.bundleName}`, 16, { gap: 6 });
  w.text(`Case reference: ${input.reference}`, 11);
  w.text(`Exported at ${input.exportedAt} by ${input.exportedBy}`, 11);
  w.text(`Bundle id: ${input.bundleId} · Case id: ${input.caseId}`, 9, { color: grey });
  w.text(`Exhibits: ${manifest.exhibits.length}`, 11, { gap: 6 });
  w.text(
    "Each file's SHA-256 below is the one its uploader or author signed. manifest.json in this bundle holds the signed statements, signatures and public keys; " +
      "check them offline with `npx casevault-verify bundle.zip`.",
    9,
    { color: grey },
  );
  if (!unicode) {
    w.text("Note: no Unicode font was available for this index; non-Latin text is transliterated or shown as “?”. manifest.json holds the exact text.", 9, {
      color: [0.6, 0.1, 0.1],
    });
  }
  w.rule();

  for (const exhibit of manifest.exhibits) {
    w.ensure(90);
    const file = exhibit.path.slice("exhibits/".length);
    if (exhibit.kind === "evidence") {
      w.text(`Exhibit ${exhibit.number} — ${clip(exhibit.description || exhibit.originalName, 300)}`, 12, { gap: 2 });
      w.text(`File: ${file} · original name: ${exhibit.originalName}`, 9, { indent: 10 });
      w.text(`Size: ${formatBytes(exhibit.size)} · type: ${exhibit.type}`, 9, { indent: 10 });
      w.text(`SHA-256: ${toHex(fromBase64url(exhibit.sha256))}`, 8, { indent: 10 });
      w.text(`Uploaded and signed by: ${exhibit.signer.displayName} · signed ${exhibit.statement.signedAt}`, 9, { indent: 10 });
      w.text(`Captured: ${exhibit.capturedAt || "not recorded"} · review status: ${exhibit.reviewStatus}`, 9, { indent: 10 });
      if (exhibit.source) w.text(`Source: ${clip(exhibit.source, 300)}`, 9, { indent: 10 });
      if (exhibit.tags.length > 0) w.text(`Tags: ${exhibit.tags.join(", ")}`, 9, { indent: 10 });
    } else {
      w.text(`Exhibit ${exhibit.number} — testimony: ${clip(exhibit.title, 300)} (version ${exhibit.version})`, 12, { gap: 2 });
      w.text(`File: ${file} (canonical JSON of the signed content)`, 9, { indent: 10 });
      w.text(`SHA-256: ${toHex(fromBase64url(exhibit.statement.contentSha256))}`, 8, { indent: 10 });
      w.text(`Author and signer: ${exhibit.signer.displayName} · signed ${exhibit.statement.signedAt}`, 9, { indent: 10 });
    }
    w.rule();
  }

  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const label = `${clean(input.reference)} · ${clean(input.bundleName)} · page ${i + 1} of ${pages.length}`;
    const size = 8;
    const text = font.widthOfTextAtSize(label, size) > TEXT_WIDTH ? `page ${i + 1} of ${pages.length}` : label;
    page.drawText(text, { x: PAGE_WIDTH - MARGIN - font.widthOfTextAtSize(text, size), y: MARGIN - 20, size, font, color: rgb(0.4, 0.4, 0.4) });
  });
  // No object streams: readable by old PDF readers, and the font objects stay inspectable.
  return doc.save({ useObjectStreams: false });
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

  const pdf = await buildIndexPdf(input, manifest);

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
