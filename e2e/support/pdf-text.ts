import { execFileSync } from "node:child_process";

/** The text a reader of `pdf` sees, page by page (poppler's pdftotext; Debian package poppler-utils). */
export function pdfPages(pdf: Buffer): string[] {
  const text = execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", "-", "-"], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString("utf8");
  return text.split("\f").filter((page, i, all) => i < all.length - 1 || page.trim() !== "");
}
