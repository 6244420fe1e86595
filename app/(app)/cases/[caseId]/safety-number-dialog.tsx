"use client";

import { useTranslations } from "next-intl";
import type { MemberKeys } from "@/lib/cases/schema";
import type { PinnedKey } from "@/lib/trust/keybook";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { useFingerprint } from "./use-fingerprint";

export type SafetyCheck = {
  member: MemberKeys;
  /** Set when the served keys differ from the ones pinned in this browser. */
  pinned: PinnedKey | null;
  /** What confirming does next: only pin, or pin and then share the case key. */
  then: "pin" | "add" | "reshare";
  /** The case role, for an add. */
  role?: "lead" | "member" | "reviewer";
};

function SafetyNumber({ label, keys, testId }: { label: string; keys: Pick<MemberKeys, "boxPublicKey" | "signPublicKey">; testId: string }) {
  const value = useFingerprint(keys);
  return (
    <div className="mt-3">
      <p className="text-xs font-medium text-slate-700">{label}</p>
      <p data-testid={testId} className="mt-1 rounded bg-slate-50 px-2 py-1.5 font-mono text-sm tracking-wide text-slate-900">
        {value ?? "…"}
      </p>
    </div>
  );
}

/**
 * Before a colleague's keys are trusted (pinned as compared) and, for an add
 * or re-share, before the case key is sealed to them: their safety number, to
 * compare with the number they see on their own Account page. A key that
 * changed since it was pinned shows both numbers and a warning.
 */
export function SafetyNumberDialog({ check, onConfirm, onClose }: { check: SafetyCheck | null; onConfirm: (check: SafetyCheck) => void; onClose: () => void }) {
  const t = useTranslations("team");
  const name = check?.member.displayName ?? "";
  const changed = check?.pinned != null;
  return (
    <ConfirmDialog
      open={check !== null}
      title={changed ? t("changedTitle", { name }) : t("compareTitle", { name })}
      body={changed ? t("changedBody", { name }) : t("compareBody", { name })}
      confirmLabel={check?.then === "add" ? t("confirmAdd") : check?.then === "reshare" ? t("reshare") : t("confirmMatch")}
      cancelLabel={t("cancel")}
      onConfirm={() => check && onConfirm(check)}
      onClose={onClose}
    >
      {check?.pinned && <SafetyNumber label={t("pinnedNumber", { name })} keys={check.pinned} testId="pinned-safety-number" />}
      {check && <SafetyNumber label={t("safetyNumber", { name })} keys={check.member} testId="safety-number" />}
    </ConfirmDialog>
  );
}
