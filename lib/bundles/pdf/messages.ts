/**
 * The fixed text of the bundle's PDFs, in the bundle's language: the
 * `bundlePdf` namespace of messages/<locale>.json, and the testimony labels
 * the print view uses (the whole catalogue, as Labels). next-intl's
 * createTranslator works outside React, so the PDFs say exactly what the
 * app says.
 */
import { createTranslator, type Messages } from "next-intl";
import type { Labels } from "@/lib/testimonies/labels";
import type en from "@/messages/en.json";
import type { PdfLocale } from "./dates";

type Catalogue = typeof en;

/** A translator over the `bundlePdf` namespace, its keys checked by the compiler. */
export type PdfT = ReturnType<typeof createTranslator<Catalogue, "bundlePdf">>;

async function catalogue(locale: PdfLocale): Promise<Catalogue> {
  // Loaded on demand, one language: the catalogues reach the browser only when a bundle is exported.
  return locale === "ru" ? (await import("@/messages/ru.json")).default : (await import("@/messages/en.json")).default;
}

export async function pdfMessages(locale: PdfLocale, timeZone: string): Promise<{ t: PdfT; labels: Labels }> {
  const messages = await catalogue(locale);
  const t = createTranslator({ locale, messages, namespace: "bundlePdf", timeZone });
  // Labels look keys up by computed paths (testimony.field.<flat>): typed loosely, as useTranslations() is in the app.
  const root = createTranslator<Messages>({ locale, messages, timeZone });
  return { t, labels: { t: (key, values) => root(key, values), has: (key) => root.has(key) } };
}
