"use client";

import { useTranslations } from "next-intl";
import type { MemberKeys } from "@/lib/cases/schema";
import type { PinnedKey } from "@/lib/trust/keybook";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { SafetyNumberView } from "@/app/_components/safety-number-view";
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

/** A number computed here from the given public keys, with its QR code: `userId`'s, as served or as pinned. */
function SafetyNumber({ label, qrLabel, keys, testId }: { label: string; qrLabel: string; keys: Pick<MemberKeys, "userId" | "boxPublicKey" | "signPublicKey">; testId: string }) {
  const value = useFingerprint(keys);
  return <SafetyNumberView label={label} qrLabel={qrLabel} userId={keys.userId} number={value} testId={testId} />;
}

/**
 * Before a colleague's keys are trusted (pinned as compared) and, for an add
 * or re-share, before the case key is sealed to them: their safety number, to
 * compare with the number (or QR code) they see on their own Account page.
 * A key that changed since it was pinned shows both numbers and a warning.
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
      {check?.pinned && <SafetyNumber label={t("pinnedNumber", { name })} qrLabel={t("pinnedQr", { name })} keys={check.pinned} testId="pinned-safety-number" />}
      {check && <SafetyNumber label={t("safetyNumber", { name })} qrLabel={t("qr", { name })} keys={check.member} testId="safety-number" />}
    </ConfirmDialog>
  );
}
