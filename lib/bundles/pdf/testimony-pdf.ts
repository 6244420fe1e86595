/**
 * The readable PDF of a testimony exhibit: the statement as the print view
 * shows it (sections, labels, empty fields left out), a header naming the
 * case, exhibit, version and signer, a margin line with the page number on
 * every page, and a closing line pointing at the canonical JSON beside it,
 * which is what the signature covers. This PDF is a reading copy: it is not
 * signed itself (its hash is in the signed manifest).
 */
import "client-only";
import { PDFDocument } from "pdf-lib";
import type { Testimony as TestimonyContent } from "@/lib/testimonies/schema";
import { formatInstant, type PdfLocale } from "./dates";
import { pdfMessages } from "./messages";
import { PdfWriter, embedFont, groupHex } from "./pdf-writer";
import { writeSigner, type PdfSigner } from "./signer";
import { statementBlocks, type Block } from "./statement-blocks";

export type TestimonyPdfInput = {
  locale: PdfLocale;
  timeZone: string;
  reference: string;
  exhibitNumber: number;
  title: string;
  version: number;
  content: TestimonyContent;
  signedAt: string;
  signer: PdfSigner;
  contentSha256Hex: string;
  loadFont?: () => Promise<Uint8Array | null>;
};

const GREY: [number, number, number] = [0.35, 0.35, 0.35];
const INDENT = 12;

function writeBlock(w: PdfWriter, block: Block): void {
  switch (block.kind) {
    case "section":
      w.space(8);
      w.heading(block.title, 12.5, { keep: 36 });
      w.rule();
      return;
    case "item":
      w.space(3);
      w.heading(block.title, 10, { indent: (block.level - 1) * INDENT, keep: 24 });
      return;
    case "fields":
      for (const [label, value] of block.rows) w.field(label, value, { indent: block.level * INDENT });
      return;
    case "list":
      if (block.caption) w.text(block.caption, 9, { indent: block.level * INDENT, color: GREY });
      for (const entry of block.entries) {
        w.text(`${entry.number}. ${entry.main}`, 9.5, { indent: block.level * INDENT });
        if (entry.detail.trim() !== "") w.text(entry.detail, 9, { indent: block.level * INDENT + INDENT });
      }
      return;
    case "prose":
      for (const paragraph of block.paragraphs) w.text(paragraph, 10, { gap: 5 });
      return;
    case "note":
      w.text(block.text, 9, { indent: block.level * INDENT, color: GREY });
      return;
  }
}

export async function buildTestimonyPdf(input: TestimonyPdfInput): Promise<Uint8Array> {
  const { t, labels } = await pdfMessages(input.locale, input.timeZone);
  const doc = await PDFDocument.create();
  const signed = new Date(input.signedAt);
  doc.setTitle(`${input.reference} — ${t("statement.exhibit", { number: input.exhibitNumber, title: input.title })}`);
  doc.setLanguage(input.locale);
  doc.setProducer("Casevault");
  doc.setCreator("Casevault");
  // Dated by the signature, not the clock: the same statement gives the same PDF bytes.
  if (!Number.isNaN(signed.getTime())) {
    doc.setCreationDate(signed);
    doc.setModificationDate(signed);
  }

  const { font, clean, unicode } = await embedFont(doc, input.loadFont);
  const w = new PdfWriter(doc, font, clean);
  const dates = { locale: input.locale, timeZone: input.timeZone };

  w.text(labels.t("testimonyView.statement.heading", { reference: input.reference }), 16, { gap: 4 });
  w.text(t("statement.exhibit", { number: input.exhibitNumber, title: input.title }), 12, { gap: 6 });
  w.field(t("statement.reference"), input.reference);
  w.field(t("statement.version"), String(input.version));
  writeSigner(w, t, dates, t("statement.signer"), input.signer);
  w.field(t("statement.signedAt"), formatInstant(input.signedAt, input.locale, input.timeZone));
  w.space(4);
  w.text(t("statement.readableCopy"), 8.5, { color: GREY });
  if (!unicode) w.text(t("statement.noUnicodeFont"), 8.5, { color: [0.6, 0.1, 0.1] });
  w.rule();

  for (const block of statementBlocks(labels, input.content)) writeBlock(w, block);

  w.space(10);
  w.rule();
  w.text(labels.t("testimonyView.statement.end", { reference: input.reference, version: input.version }), 9, { color: GREY, gap: 4 });
  w.text(t("statement.closing", { number: input.exhibitNumber }), 9);
  for (const line of groupHex(input.contentSha256Hex)) w.text(line, 9, { indent: INDENT });

  w.stamp((page, pages) => [
    t("statement.margin", { reference: input.reference, number: input.exhibitNumber, version: input.version, page, pages }),
    t("pageOf", { page, pages }),
  ]);
  // No object streams: readable by old PDF readers, and the font objects stay inspectable.
  return doc.save({ useObjectStreams: false });
}
