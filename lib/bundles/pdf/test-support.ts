/**
 * What the PDF tests share: the text a reader sees (pdftotext, as the e2e
 * tests read PDFs), DejaVu Sans from node_modules as the Unicode font, and
 * signers with fingerprints in the profile format.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pdfPages } from "@/e2e/support/pdf-text";
import type { PdfSigner } from "./signer";

const ROOT = join(__dirname, "..", "..", "..");

export const dejavu = async (): Promise<Uint8Array> => new Uint8Array(readFileSync(join(ROOT, "node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf")));
export const noFont = async (): Promise<null> => null;

/** Page texts of `pdf`, runs of spaces collapsed and lines unindented, so that layout columns do not matter to a search. */
export function readPdf(pdf: Uint8Array): { pages: string[]; all: string } {
  const pages = pdfPages(Buffer.from(pdf)).map((page) => page.replace(/[ \t]+/g, " ").replace(/^ /gm, ""));
  return { pages, all: pages.join("\n") };
}

export const FINGERPRINT_A = "12345 67890 11121 31415 16171 81920 21222 32425";
export const FINGERPRINT_B = "98765 43210 19181 71615 14131 21110 09080 70605";

export const lawyer: PdfSigner = { displayName: "Анна Петрова", userId: "6d3f0c1e-0000-4000-8000-000000000001", fingerprint: FINGERPRINT_A };
export const caseworker: PdfSigner = { displayName: "Dr Ilya Sorokin", userId: "6d3f0c1e-0000-4000-8000-000000000002", fingerprint: FINGERPRINT_B };

/** SHA-256 values (of "exhibit one", "testimony two") and how the PDFs group them: eight groups of eight, four to a line. */
export const EVIDENCE_HASH = "2e08942e2212198fc8fcd49ff76b2e49b6147f93ab9933d1bf8650adc5c6813e";
export const EVIDENCE_HASH_LINES = ["2e08942e 2212198f c8fcd49f f76b2e49", "b6147f93 ab9933d1 bf8650ad c5c6813e"];
export const TESTIMONY_HASH = "97753a08fe48f13b56e3c3e9c4f863f5c977b63960a0dc09685e660a332b3f5c";
export const TESTIMONY_HASH_LINES = ["97753a08 fe48f13b 56e3c3e9 c4f863f5", "c977b639 60a0dc09 685e660a 332b3f5c"];

/** An ISO instant as JSON and the APIs write it, which must never reach the reader. */
export const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/;
