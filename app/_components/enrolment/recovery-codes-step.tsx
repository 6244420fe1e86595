"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "../form/button";
import { RecoveryCodesList } from "./recovery-codes-list";

/**
 * The last enrolment step: the ten recovery codes, shown this once. The
 * person confirms they stored them before going on to sign in.
 */
export function RecoveryCodesStep({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const t = useTranslations("recoveryCodes");
  const [stored, setStored] = useState(false);
  return (
    <section aria-labelledby="recovery-codes-title" className="space-y-4">
      <h2 id="recovery-codes-title" className="text-base font-semibold text-slate-900">
        {t("title")}
      </h2>
      <p className="text-sm text-slate-600">{t("lead")}</p>
      <RecoveryCodesList codes={codes} />
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" className="mt-0.5" checked={stored} onChange={(e) => setStored(e.target.checked)} />
        {t("stored")}
      </label>
      <div className="flex justify-end">
        <Button type="button" disabled={!stored} onClick={onDone}>
          {t("continue")}
        </Button>
      </div>
    </section>
  );
}
