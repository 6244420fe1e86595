"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AuditVerifyReport } from "@/lib/audit/chain";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { verifyAuditAction } from "@/app/_actions/audit";

// "Verify now": the whole log against the audit key and the signed
// checkpoints, in the running app (no downtime), with the first bad event.
export function VerifyPanel() {
  const t = useTranslations("audit");
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<AuditVerifyReport | "failed" | null>(null);

  async function verify() {
    setBusy(true);
    const result = await verifyAuditAction({});
    setReport(result.ok ? result.data : "failed");
    setBusy(false);
  }

  return (
    <div className="mt-3 space-y-2" data-testid="audit-verify">
      <Button type="button" variant="secondary" onClick={verify} disabled={busy}>
        {busy ? t("verifying") : t("verify")}
      </Button>
      {report === "failed" && <FormAlert>{t("verifyFailed")}</FormAlert>}
      {report && report !== "failed" && report.ok && (
        <FormAlert tone="success">{t("verifyOk", { count: report.count, seq: report.head?.seq ?? "0" })}</FormAlert>
      )}
      {report && report !== "failed" && report.problem && (
        <FormAlert>
          {t("verifyBroken", { seq: report.problem.seq, kind: t(`problem.${report.problem.kind}`) })}{" "}
          {report.problem.intactUpTo ? t("intactUpTo", { seq: report.problem.intactUpTo }) : null}
        </FormAlert>
      )}
    </div>
  );
}
