"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";
import type { Testimony } from "@/lib/testimonies/schema";
import { Button } from "@/app/_components/form/button";
import { printStyles } from "./print-css";
import { SignatureWarning } from "./signature-warning";
import { TestimonyStatement, type StatementMeta } from "./testimony-statement";

/** The class of the one element that prints; everything else on the page is hidden by printStyles. */
export const PRINT_ROOT_CLASS = "cv-print-root";

/**
 * The statement for the browser's "Print / Save as PDF": A4 pages with the
 * reference and version at the top, the author and signing key fingerprint and
 * "page / pages" at the bottom (CSS @page margin boxes, Chromium ≥ 131; other
 * browsers print without them).
 *
 * In print, everything outside the statement — the app shell, tabs, this
 * button, dialogs — is hidden by the style sheet itself (a `:has()` rule), so
 * the page needs no print classes of its own; `print:hidden` on its own
 * chrome is still welcome. Only one PrintView may be mounted at a time.
 *
 * A version whose signature is broken does not print: only the warning shows.
 */
/**
 * Adds `css` to the document while mounted, as a constructed style sheet: the
 * CSP refuses an inline <style> without the request's nonce (the print rules
 * were silently dropped), while style sheets built through the CSSOM are not
 * inline markup and need none.
 */
function useDocumentStyleSheet(css: string | null) {
  useEffect(() => {
    if (css === null) return;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [css]);
}

export function PrintView({ testimony, meta }: { testimony: Testimony; meta: StatementMeta }) {
  const t = useTranslations("testimonyView.print");
  const broken = meta.signature.state === "broken";
  const css = broken ? null : printStyles(
    {
      topLeft: t("pageHeader", { reference: meta.reference, version: meta.version }),
      bottomLeft: meta.signature.fingerprint
        ? t("pageFooter", { author: meta.authorName, fingerprint: meta.signature.fingerprint })
        : t("pageFooterUnverified", { author: meta.authorName }),
    },
    PRINT_ROOT_CLASS,
  );
  useDocumentStyleSheet(css);
  if (broken) return <SignatureWarning state="broken" />;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <Button variant="secondary" onClick={() => window.print()}>
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4">
            <path fill="currentColor" d="M5 2h10v4H5V2Zm-2 5h14a2 2 0 0 1 2 2v5h-3v4H4v-4H1V9a2 2 0 0 1 2-2Zm3 6v3h8v-3H6Zm9-3.5a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
          </svg>
          {t("button")}
        </Button>
        <p className="text-xs text-slate-500">{t("hint")}</p>
      </div>
      <div className={`${PRINT_ROOT_CLASS} rounded border border-slate-200 bg-white p-6 sm:p-10 print:rounded-none print:border-0 print:p-0`}>
        <TestimonyStatement testimony={testimony} meta={meta} />
      </div>
    </div>
  );
}
