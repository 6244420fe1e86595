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

export async function defaultFont(): Promise<Uint8Array | null> {
  // Bundlers (webpack, Turbopack) emit the referenced file as a static asset.
  const response = await fetch(new URL("../../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf", import.meta.url));
  if (!response.ok) return null;
  return new Uint8Array(await response.arrayBuffer());
}

export const PAGE_WIDTH = 595.28; // A4
export const PAGE_HEIGHT = 841.89;
export const MARGIN = 50;
export const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;

export function formatBytes(size: number): string {
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
  return { font, clean: (text) => transliterate(text.replace(/[\u0000-\u0009\u000b-\u001f]/g, " ").replace(/[—–]/g, "-").replace(/…/g, "...")), unicode: false };
}
