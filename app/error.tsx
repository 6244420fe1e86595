"use client";

import { useTranslations } from "next-intl";

// Shown for any unexpected server or render error. It never shows the error
// message itself (it could carry data); only Next's opaque digest, which the
// administrator can match in the server log.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("error");
  return (
    <div role="alert" className="mx-auto mt-16 max-w-md rounded-lg border border-red-200 bg-white p-6 text-center shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
      {error.digest && (
        <p className="mt-3 text-xs text-slate-500">
          {t("reference")}: <code className="font-mono">{error.digest}</code>
        </p>
      )}
      <button
        type="button"
        onClick={reset}
        className="mt-5 rounded bg-accent-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-800"
      >
        {t("retry")}
      </button>
    </div>
  );
}
