/**
 * Writing the bundle's PDFs with pdf-lib: A4 pages, wrapped text, a Unicode
 * font (DejaVu Sans, for Cyrillic and other scripts) or Helvetica with
 * transliteration when no font can be loaded.
 */
import "client-only";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";


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
  const response = await fetch(new URL("../../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf", import.meta.url));
  if (!response.ok) return null;
  return new Uint8Array(await response.arrayBuffer());
}

const PAGE_WIDTH = 595.28; // A4
const PAGE_HEIGHT = 841.89;
const MARGIN = 50;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

/** A SHA-256 (64 hex digits) for reading aloud and comparing: groups of 8, four to a line, so two lines. */
export function groupHex(hex: string): string[] {
  const groups = hex.toLowerCase().match(/.{1,8}/g) ?? [];
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 4) lines.push(groups.slice(i, i + 4).join(" "));
  return lines;
}

export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
}

export class PdfWriter {
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

  /** Vertical space; a page break swallows it. */
  space(height: number): void {
    if (this.y - height < MARGIN + 20) this.newPage();
    else this.y -= height;
  }

  /** A heading kept on the same page as at least `keep` points of what follows it. */
  heading(text: string, size: number, options: { indent?: number; keep?: number; color?: [number, number, number] } = {}): void {
    this.ensure(size * 1.35 + (options.keep ?? 40));
    this.text(text, size, { indent: options.indent, color: options.color, gap: 2 });
  }

  /**
   * A label and its value side by side (the print view's definition list):
   * the label in grey in a column of `labelWidth`, the value wrapped beside
   * it; a long value runs on over pages, row by row.
   */
  field(label: string, value: string, options: { size?: number; indent?: number; labelWidth?: number } = {}): void {
    const size = options.size ?? 9;
    const indent = options.indent ?? 0;
    const labelWidth = options.labelWidth ?? 150;
    const gutter = 10;
    const labels = this.wrap(label, size, labelWidth);
    const values = this.wrap(value, size, TEXT_WIDTH - indent - labelWidth - gutter);
    const lineHeight = size * 1.35;
    // Two lines together at least, so that a label is never alone at the foot of a page.
    this.ensure(lineHeight * Math.min(2, Math.max(labels.length, values.length)));
    for (let i = 0; i < Math.max(labels.length, values.length); i++) {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      const labelLine = labels[i];
      const valueLine = values[i];
      if (labelLine) this.page.drawText(labelLine, { x: MARGIN + indent, y: this.y, size, font: this.font, color: rgb(0.35, 0.35, 0.35) });
      if (valueLine) this.page.drawText(valueLine, { x: MARGIN + indent + labelWidth + gutter, y: this.y, size, font: this.font });
    }
    this.y -= 2;
  }

  /**
   * The margin line at the foot of every page, drawn once all pages exist:
   * `line` gives candidates for page n of `pages`, longest first; the first
   * that fits is used, the last is clipped if none does.
   */
  stamp(line: (page: number, pages: number) => string[]): void {
    const pages = this.doc.getPages();
    const size = 8;
    pages.forEach((page, i) => {
      const candidates = line(i + 1, pages.length).map((c) => this.clean(c));
      const text = candidates.find((c) => this.font.widthOfTextAtSize(c, size) <= TEXT_WIDTH) ?? this.wrap(candidates.at(-1) ?? "", size)[0] ?? "";
      page.drawText(text.trim(), { x: MARGIN, y: MARGIN - 20, size, font: this.font, color: rgb(0.4, 0.4, 0.4) });
    });
  }

  rule(): void {
    this.ensure(10);
    this.y -= 6;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: PAGE_WIDTH - MARGIN, y: this.y }, thickness: 0.5, color: rgb(0.6, 0.6, 0.6) });
    this.y -= 6;
  }
}

export type PdfFont = { font: PDFFont; clean: (text: string) => string; unicode: boolean };

/** Embeds the Unicode font `loadFont` gives (default DejaVu Sans), or Helvetica with transliteration when it gives none or fails. */
export async function embedFont(doc: PDFDocument, loadFont: () => Promise<Uint8Array | null> = defaultFont): Promise<PdfFont> {
  let fontBytes: Uint8Array | null = null;
  try {
    fontBytes = await loadFont();
  } catch {
    fontBytes = null;
  }
  if (fontBytes) {
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(fontBytes, { subset: true });
    return { font, clean: (text) => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, " "), unicode: true };
  }
  const font = await doc.embedFont(StandardFonts.Helvetica);
  // transliterate() keeps Latin-1 only: typographic punctuation is spelled in ASCII rather than lost as "?".
  const ascii = (text: string) =>
    text
      .replace(/[\u0000-\u0009\u000b-\u001f]/g, " ")
      .replace(/[—–−]/g, "-")
      .replace(/…/g, "...")
      .replace(/[‘’‚‛]/g, "'")
      .replace(/[“”„‟]/g, '"')
      .replace(/№/g, "No.");
  return { font, clean: (text) => transliterate(ascii(text)), unicode: false };
}
