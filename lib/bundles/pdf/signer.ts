/**
 * Who signed, as both PDFs print it: the name, the profile fingerprint
 * labelled as such (the one a court compares with the organisation), and,
 * for a key since replaced, up to when it counts.
 */
import type { PdfLocale } from "./dates";
import { formatInstant } from "./dates";
import type { PdfT } from "./messages";
import type { PdfWriter } from "./pdf-writer";

export type PdfSigner = {
  displayName: string;
  userId: string;
  /** 40-digit profile fingerprint "12345 67890 …" (8 groups of 5) or null */
  fingerprint: string | null;
  /** set when the statement was signed with a key the person has since replaced: the key counts only up to this ISO instant */
  retiredUntil?: string;
};

export type DateContext = { locale: PdfLocale; timeZone: string };

/** "Signed by: name", "Key fingerprint: …" and the retirement note, as label/value rows. */
export function writeSigner(w: PdfWriter, t: PdfT, dates: DateContext, label: string, signer: PdfSigner, options: { indent?: number; size?: number } = {}): void {
  w.field(label, signer.displayName, options);
  w.field(t("signer.fingerprint"), signer.fingerprint ?? t("signer.noFingerprint"), options);
  if (signer.retiredUntil) {
    w.field("", t("signer.retired", { date: formatInstant(signer.retiredUntil, dates.locale, dates.timeZone) }), options);
  }
}
