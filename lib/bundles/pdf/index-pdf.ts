/**
 * index.pdf: the bundle's index for a court, one block per exhibit with its
 * number, title, type, size, SHA-256 (grouped for reading), capture date,
 * signer and fingerprint, signing time and trusted timestamp; who exported
 * and signed the bundle and how to check it; "page N of M" in the footer.
 * In the bundle's language, every date with its time zone named. Internal
 * workflow state (review status) is not for the court and is not an input.
 */
import "client-only";
import { PDFDocument } from "pdf-lib";
import { formatCaptureDate, formatInstant, type PdfLocale } from "./dates";
import { pdfMessages, type PdfT } from "./messages";
import { PdfWriter, clip, embedFont, groupHex } from "./pdf-writer";
import { writeSigner, type DateContext, type PdfSigner } from "./signer";

export type { PdfSigner } from "./signer";

export type IndexExhibit =
  | {
      kind: "evidence";
      number: number;
      fileName: string;
      title: string;
      originalName: string;
      type: string;
      size: number;
      sha256Hex: string;
      capturedAt: string /* "YYYY-MM-DD", "YYYY-MM-DDTHH:mm" or "" */;
      source: string;
      signedAt: string /* ISO */;
      signer: PdfSigner;
      timestamp: string | null /* ISO time from a trusted timestamp, null if none */;
    }
  | {
      kind: "testimony";
      number: number;
      title: string;
      version: number;
      fileName: string /* the .json */;
      readableFileName: string /* the .pdf */;
      contentSha256Hex: string;
      signedAt: string;
      signer: PdfSigner;
      timestamp: string | null;
    };

export type IndexPdfInput = {
  locale: PdfLocale;
  timeZone: string /* IANA */;
  bundleName: string;
  reference: string;
  bundleId: string;
  caseId: string;
  exportedAt: string;
  exporter: PdfSigner;
  exhibits: IndexExhibit[];
  /** A TrueType font (default DejaVu Sans); null or a failure falls back to Helvetica with transliteration. */
  loadFont?: () => Promise<Uint8Array | null>;
};

const GREY: [number, number, number] = [0.35, 0.35, 0.35];
const INDENT = 10;

/** "1 234 bytes (1,2 KiB)" in the bundle's language; bytes alone under 1 KiB. */
export function localSize(t: PdfT, locale: PdfLocale, size: number): string {
  const bytes = t("size.bytes", { count: size });
  if (size < 1024) return bytes;
  const units = ["KiB", "MiB", "GiB", "TiB"] as const;
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const amount = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  return t("size.approx", { bytes, amount, unit: t(`size.${units[unit]!}`) });
}


function writeExhibit(w: PdfWriter, t: PdfT, dates: DateContext, exhibit: IndexExhibit): void {
  const row = (label: string, value: string) => w.field(label, value, { indent: INDENT });
  const when = (iso: string) => formatInstant(iso, dates.locale, dates.timeZone);
  w.ensure(140);
  if (exhibit.kind === "evidence") {
    w.heading(t("index.evidenceHeading", { number: exhibit.number, title: clip(exhibit.title || exhibit.originalName, 300) }), 12, { keep: 100 });
    row(t("index.file"), exhibit.fileName);
    row(t("index.originalName"), exhibit.originalName);
    row(t("index.type"), exhibit.type);
    row(t("index.size"), localSize(t, dates.locale, exhibit.size));
    row(t("index.sha256"), groupHex(exhibit.sha256Hex).join("\n"));
    row(t("index.captured"), exhibit.capturedAt ? formatCaptureDate(exhibit.capturedAt, dates.locale) : t("index.notRecorded"));
    if (exhibit.source.trim() !== "") row(t("index.source"), clip(exhibit.source, 1000));
    writeSigner(w, t, dates, t("index.uploadedBy"), exhibit.signer, { indent: INDENT });
  } else {
    w.heading(t("index.testimonyHeading", { number: exhibit.number, title: clip(exhibit.title, 300), version: exhibit.version }), 12, { keep: 100 });
    row(t("index.type"), t("index.testimonyType"));
    row(t("index.readable"), exhibit.readableFileName);
    row(t("index.canonical"), exhibit.fileName);
    row(t("index.contentSha256"), groupHex(exhibit.contentSha256Hex).join("\n"));
    writeSigner(w, t, dates, t("index.author"), exhibit.signer, { indent: INDENT });
  }
  row(t("index.signedAt"), when(exhibit.signedAt));
  row(t("index.timestamp"), exhibit.timestamp ? when(exhibit.timestamp) : t("index.noTimestamp"));
}

/**
 * The verifier's command with everyone who signed in --expect (the exporter
 * first, comma between people, as casevault-verify reads it), so that every
 * signature in the bundle is checked against a fingerprint the reader is told
 * to confirm with the organisation. Without any fingerprint it shows where
 * one goes.
 */
export function verifyCommand(input: Pick<IndexPdfInput, "exporter" | "exhibits">): string {
  const fingerprints = [input.exporter, ...input.exhibits.map((e) => e.signer)].flatMap((s) => (s.fingerprint ? [s.fingerprint] : []));
  const expected = [...new Set(fingerprints)];
  return `npx casevault-verify bundle.zip --expect ${expected.length > 0 ? `"${expected.join(",")}"` : "<fingerprint>"}`;
}

export async function buildIndexPdf(input: IndexPdfInput): Promise<Uint8Array> {
  const { t } = await pdfMessages(input.locale, input.timeZone);
  const doc = await PDFDocument.create();
  doc.setTitle(`${input.bundleName} — ${input.reference}`);
  doc.setLanguage(input.locale);
  doc.setProducer("Casevault");
  doc.setCreator("Casevault");
  const exported = new Date(input.exportedAt);
  // Dated by the export, not the clock: the same bundle gives the same index bytes.
  if (!Number.isNaN(exported.getTime())) {
    doc.setCreationDate(exported);
    doc.setModificationDate(exported);
  }

  const { font, clean, unicode } = await embedFont(doc, input.loadFont);
  const w = new PdfWriter(doc, font, clean);
  const dates = { locale: input.locale, timeZone: input.timeZone };

  w.text(t("index.title", { name: input.bundleName }), 16, { gap: 6 });
  w.field(t("index.reference"), input.reference);
  writeSigner(w, t, dates, t("index.exportedBy"), input.exporter);
  w.field(t("index.exportedAt"), formatInstant(input.exportedAt, input.locale, input.timeZone));
  w.field(t("index.bundleId"), input.bundleId);
  w.field(t("index.caseId"), input.caseId);
  w.text(t("index.count", { count: input.exhibits.length }), 11, { gap: 4 });
  w.text(t("index.about"), 9, { color: GREY, gap: 3 });
  w.text(t("index.verify", { command: verifyCommand(input) }), 9, { gap: 3 });
  if (!unicode) w.text(t("index.noUnicodeFont"), 9, { color: [0.6, 0.1, 0.1] });
  w.rule();

  for (const exhibit of input.exhibits) {
    writeExhibit(w, t, dates, exhibit);
    w.rule();
  }

  w.stamp((page, pages) => {
    const pageOf = t("pageOf", { page, pages });
    return [
      t("index.footer", { reference: input.reference, bundle: input.bundleName, page, pages }),
      t("index.footer", { reference: input.reference, bundle: clip(input.bundleName, 40), page, pages }),
      `${input.reference} · ${pageOf}`,
      pageOf,
    ];
  });
  // No object streams: readable by old PDF readers, and the font objects stay inspectable.
  return doc.save({ useObjectStreams: false });
}
