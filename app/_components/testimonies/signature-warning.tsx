"use client";

import { useTranslations } from "next-intl";

export type SignatureState = "valid" | "broken" | "unknown_key" | "rolled_back";

/**
 * What a testimony version's signature check means for the reader. "broken":
 * a loud red alert — the page shows it INSTEAD of the statement. "unknown_key":
 * an amber warning shown above the statement. "valid": nothing.
 */
export function SignatureWarning({ state }: { state: SignatureState }) {
  const t = useTranslations("testimonyView.signatureWarning");
  if (state === "valid") return null;
  if (state === "broken" || state === "rolled_back") {
    return (
      <div role="alert" className="flex gap-3 rounded border-2 border-red-700 bg-red-50 px-4 py-3 text-red-900">
        <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-0.5 h-5 w-5 shrink-0 text-red-700">
          <path fill="currentColor" d="M10 1.5 19 18H1L10 1.5Zm0 4.2L4.4 16h11.2L10 5.7ZM9 8h2v4.5H9V8Zm0 5.5h2v2H9v-2Z" />
        </svg>
        <div className="space-y-1">
          <p className="text-sm font-semibold">{t(state === "broken" ? "brokenTitle" : "rolledBackTitle")}</p>
          <p className="text-sm">{t(state === "broken" ? "broken" : "rolledBack")}</p>
        </div>
      </div>
    );
  }
  return (
    <div role="status" className="flex gap-3 rounded border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950">
      <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-0.5 h-5 w-5 shrink-0 text-amber-700">
        <path fill="currentColor" d="M10 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12Zm-1 2h2v5H9V6Zm0 6h2v2H9v-2Z" />
      </svg>
      <div className="space-y-1">
        <p className="text-sm font-semibold">{t("unknownKeyTitle")}</p>
        <p className="text-sm">{t("unknownKey")}</p>
      </div>
    </div>
  );
}
