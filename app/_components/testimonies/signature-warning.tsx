"use client";

import { useTranslations } from "next-intl";

export type SignatureState = "valid" | "broken" | "unknown_key" | "rolled_back";

/**
 * What a testimony version's signature check means for the reader. "broken":
 * a loud red alert — the page shows it INSTEAD of the statement. "unknown_key":
 * an amber warning shown above the statement. "valid": nothing.
 */
const looks = {
  // Red, thick border, a warning triangle: the statement is withheld.
  alarm: {
    role: "alert",
    box: "border-2 border-red-700 bg-red-50 text-red-900",
    icon: "text-red-700",
    path: "M10 1.5 19 18H1L10 1.5Zm0 4.2L4.4 16h11.2L10 5.7ZM9 8h2v4.5H9V8Zm0 5.5h2v2H9v-2Z",
  },
  // Amber, a circled mark: read on, with care.
  caution: {
    role: "status",
    box: "border border-amber-300 bg-amber-50 text-amber-950",
    icon: "text-amber-700",
    path: "M10 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm0 2a6 6 0 1 0 0 12 6 6 0 0 0 0-12Zm-1 2h2v5H9V6Zm0 6h2v2H9v-2Z",
  },
} as const;

function Notice({ look, title, body }: { look: keyof typeof looks; title: string; body: string }) {
  const { role, box, icon, path } = looks[look];
  return (
    <div role={role} className={`flex gap-3 rounded px-4 py-3 ${box}`}>
      <svg aria-hidden="true" viewBox="0 0 20 20" className={`mt-0.5 h-5 w-5 shrink-0 ${icon}`}>
        <path fill="currentColor" d={path} />
      </svg>
      <div className="space-y-1">
        <p className="text-sm font-semibold">{title}</p>
        <p className="text-sm">{body}</p>
      </div>
    </div>
  );
}

export function SignatureWarning({ state }: { state: SignatureState }) {
  const t = useTranslations("testimonyView.signatureWarning");
  if (state === "valid") return null;
  if (state === "broken") return <Notice look="alarm" title={t("brokenTitle")} body={t("broken")} />;
  if (state === "rolled_back") return <Notice look="alarm" title={t("rolledBackTitle")} body={t("rolledBack")} />;
  return <Notice look="caution" title={t("unknownKeyTitle")} body={t("unknownKey")} />;
}
