/**
 * index.pdf: the human index of a bundle, one block per exhibit with its
 * number, name, size, SHA-256 and signer, page numbers in the footer.
 */
import "client-only";
import { PDFDocument, rgb } from "pdf-lib";
import { fromBase64url, toHex } from "@/lib/crypto/encoding";
import type { BundleManifest } from "../manifest";
import { MARGIN, PAGE_WIDTH, PdfWriter, TEXT_WIDTH, clip, embedFont, formatBytes } from "./pdf-writer";

export type IndexPdfInput = Pick<BundleManifest, "caseId" | "reference" | "bundleId" | "bundleName" | "exportedAt" | "exportedBy" | "exhibits"> & {
  /** A TrueType font (default DejaVu Sans); null or a failure falls back to Helvetica with transliteration. */
  loadFont?: () => Promise<Uint8Array | null>;
};

export async function buildIndexPdf(input: IndexPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${input.bundleName} — ${input.reference}`);
  doc.setProducer("Casevault");
  doc.setCreator("Casevault");
  doc.setCreationDate(new Date(input.exportedAt));
  doc.setModificationDate(new Date(input.exportedAt));

  const { font, clean, unicode } = await embedFont(doc, input.loadFont);

  const w = new PdfWriter(doc, font, clean);
  const grey: [number, number, number] = [0.35, 0.35, 0.35];
  w.text(`Exhibit bundle: ${input.bundleName}`, 16, { gap: 6 });
  w.text(`Case reference: ${input.reference}`, 11);
  w.text(`Exported at ${input.exportedAt} by ${input.exportedBy}`, 11);
  w.text(`Bundle id: ${input.bundleId} · Case id: ${input.caseId}`, 9, { color: grey });
  w.text(`Exhibits: ${input.exhibits.length}`, 11, { gap: 6 });
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

  for (const exhibit of input.exhibits) {
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

