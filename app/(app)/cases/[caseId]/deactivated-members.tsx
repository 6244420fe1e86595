"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useVault } from "@/lib/account/vault";
import type { CaseDetail } from "@/lib/cases/schema";
import { sealRemoval } from "@/lib/cases/team-client";
import { isCryptoError } from "@/lib/crypto/errors";
import type { ChainHead } from "@/lib/trust/membership-chain";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { removeMemberAction } from "@/app/_actions/cases";
import { useTrustedPeople } from "../../_trust/use-trust";

/**
 * Members whose accounts an admin deactivated stay on the team until a lead's
 * browser removes them with a new key epoch (the server holds no key to do
 * it). A lead's browser does it on opening the case, one member at a time;
 * everyone else sees "rotation pending" until then.
 */
export function DeactivatedMembers({ detail, head, canManage }: { detail: CaseDetail; head: ChainHead | null; canManage: boolean }) {
  const t = useTranslations("caseView.deactivated");
  const te = useTranslations("errors");
  const account = useVault();
  const router = useRouter();
  const loaded = useTrustedPeople(detail.people);
  const trust = loaded === "failed" ? null : loaded;
  const [failed, setFailed] = useState<string | null>(null);
  const deactivated = detail.people.filter((p) => !p.active && detail.memberIds.includes(p.userId));
  const next = deactivated[0];
  const names = deactivated.map((p) => p.displayName).join(", ");

  useEffect(() => {
    if (!canManage || !next || !account || !trust || !head) return;
    let live = true;
    sealRemoval({ detail, userId: next.userId, account, keybook: trust.session, head })
      .then(removeMemberAction)
      .then(
      (result) => {
        if (!live) return;
        if (result.ok) router.refresh();
        else setFailed("unavailable");
      },
      (error: unknown) => live && setFailed(isCryptoError(error, "untrusted_key") ? "team.untrustedKey" : "noAnswer"),
    );
    return () => {
      live = false;
    };
    // One attempt per member and chain head: a refresh brings the next.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [canManage, next?.userId, head?.hash, account, trust === null]);

  if (deactivated.length === 0) return null;
  if (failed) return <FormAlert>{`${t("pending", { names })} ${te(failed)}`}</FormAlert>;
  if (canManage && head) return <ProgressNote>{t("removing", { names })}</ProgressNote>;
  return (
    <p role="status" data-testid="rotation-pending" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {t("pending", { names })}
    </p>
  );
}
