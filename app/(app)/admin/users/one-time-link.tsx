"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/app/_components/form/button";

/**
 * An invitation link, shown once: only its hash is stored, so it cannot be
 * shown again. The token sits after '#', which browsers never send to servers.
 */
export function OneTimeLink({ token, email, mailed }: { token: string; email: string; mailed: boolean }) {
  const t = useTranslations("admin");
  const [copied, setCopied] = useState(false);
  const link = `${window.location.origin}/invite#${token}`;
  return (
    <div role="status" className="space-y-2 rounded border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-950">
      <p>{t("linkFor", { email })}</p>
      <div className="flex items-center gap-2">
        <input
          readOnly
          aria-label={t("linkLabel")}
          value={link}
          data-testid="invite-link"
          onFocus={(e) => e.currentTarget.select()}
          className="min-w-0 flex-1 rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs text-slate-900"
        />
        <Button
          type="button"
          variant="secondary"
          onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? t("copied") : t("copy")}
        </Button>
      </div>
      <p className="text-xs">
        {t("linkOnce")} {mailed && t("mailed", { email })}
      </p>
    </div>
  );
}
