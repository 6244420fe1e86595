/**
 * Names inside a bundle ZIP: `exhibits/NN-<safe name>` for evidence,
 * `exhibits/NN-testimony-vV.json` and `.pdf` for a testimony version.
 */
import { BundleExportError } from "./errors";

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

type Numbered = { number: number } & ({ kind: "evidence"; meta: { name: string } } | { kind: "testimony"; version: number });

/** Each exhibit's path (a testimony's JSON; its PDF is the same with .pdf). Throws on numbers that are not positive or repeat. */
export function exhibitPaths(exhibits: readonly Numbered[]): string[] {
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

export const readablePathOf = (jsonPath: string) => jsonPath.replace(/\.json$/, ".pdf");
