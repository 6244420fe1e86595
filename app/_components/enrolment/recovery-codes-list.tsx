"use client";

import { useTranslations } from "next-intl";

/** The codes, once: large, monospaced, in reading order, selectable as one block. */
export function RecoveryCodesList({ codes }: { codes: string[] }) {
  const t = useTranslations("recoveryCodes");
  return (
    <ol aria-label={t("listLabel")} data-testid="recovery-codes" className="grid grid-cols-2 gap-x-6 gap-y-1 rounded border border-slate-200 bg-slate-50 p-3 font-mono text-sm text-slate-900">
      {codes.map((code) => (
        <li key={code}>{code}</li>
      ))}
    </ol>
  );
}
