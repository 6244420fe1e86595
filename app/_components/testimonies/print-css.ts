// Pure helpers for the print layout (print-view.tsx). The page header and
// footer of the browser's "Save as PDF" come from CSS @page margin boxes, whose
// `content` is a CSS string: every value that goes there is written through
// cssString, never pasted into the style sheet as is.

/**
 * `value` as a double-quoted CSS string. Backslashes and quotes are escaped;
 * line breaks become the CSS escape `\a `; other control characters and `<`,
 * `>`, `&` become hex escapes (so the text can never end a <style> element or
 * the string); NUL becomes U+FFFD (CSS forbids it). Everything else, Cyrillic
 * included, is kept literally.
 */
export function cssString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === "\\" || char === '"' || char === "'") out += `\\${char}`;
    else if (code === 0) out += "\uFFFD";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029 || char === "<" || char === ">" || char === "&") {
      // A hex escape ends with one space, which CSS swallows.
      out += `\\${code.toString(16)} `;
    } else out += char;
  }
  return `${out}"`;
}

/** At most `max` characters (code points), with "…" when cut: a margin box has one line. */
export function clip(value: string, max: number): string {
  const chars = Array.from(value.replace(/\s+/g, " ").trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

export type PageBoxes = { topLeft: string; bottomLeft: string };

/** The print style sheet: A4 pages, header/footer margin boxes, page numbers "3 / 12", and only the print root shown. */
export function printStyles(boxes: PageBoxes, rootClass: string): string {
  const root = `.${rootClass}`;
  return [
    "@page {",
    "  size: A4;",
    "  margin: 20mm 18mm;",
    `  @top-left { content: ${cssString(clip(boxes.topLeft, 90))}; font-size: 8pt; color: #475569; }`,
    `  @bottom-left { content: ${cssString(clip(boxes.bottomLeft, 110))}; font-size: 8pt; color: #475569; }`,
    '  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #475569; }',
    "}",
    "@media print {",
    // Everything that neither is, contains nor lies inside the print root is
    // not printed: the app shell, dialogs and toasts portalled to <body>.
    `  body *:not(${root}):not(${root} *):not(:has(${root})) { display: none !important; }`,
    // The shell's wrappers around the root lose their spacing and frame, and
    // no scroll container or fixed height cuts the statement to one page.
    `  *:has(${root}) { display: block !important; margin: 0 !important; padding: 0 !important; border: 0 !important; max-width: none !important; min-height: 0 !important; height: auto !important; overflow: visible !important; position: static !important; box-shadow: none !important; background: none !important; }`,
    `  html, body { background: #fff !important; }`,
    `  ${root} { font-size: 10.5pt; line-height: 1.45; color: #000; }`,
    `  ${root} h2, ${root} h3, ${root} h4 { break-after: avoid-page; }`,
    `  ${root} p { orphans: 3; widows: 3; }`,
    `  ${root} dt { break-after: avoid-page; }`,
    `  ${root} tr, ${root} li { break-inside: avoid; }`,
    "}",
  ].join("\n");
}
