"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { createCaseKeys } from "@/lib/cases/case-keys";
import { sealFirstProfile } from "@/lib/cases/open-case-client";
import { emptyProfile, type PersonProfile } from "@/lib/cases/schema";
import { wipe } from "@/lib/crypto/encoding";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { ProfileForm } from "@/app/_components/cases/profile-form";
import { openCaseAction } from "@/app/_actions/cases";

/** Opening a case: the browser makes the case id, the epoch-1 key and the sealed profile; the server gets ciphertext. */
export function NewCase() {
  const t = useTranslations("cases");
  const te = useTranslations("errors");
  const me = useVault();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One case id per form, kept across retries: if an earlier attempt reached
  // the server and committed (and only its answer was lost, e.g. in a crash),
  // the retry is refused as "id taken" instead of opening a second case.
  const ids = useRef<{ caseId: string; profileId: string; labelId: string } | null>(null);

  async function create(profile: PersonProfile) {
    if (!me) return;
    setBusy(true);
    setError(null);
    const retry = ids.current !== null;
    ids.current ??= { caseId: crypto.randomUUID(), profileId: crypto.randomUUID(), labelId: crypto.randomUUID() };
    const { caseId, profileId, labelId } = ids.current;
    const { caseKey, epoch, grant, link } = await createCaseKeys(caseId, me);
    try {
      const sealed = await sealFirstProfile({ caseId, caseKey, profile, author: me, ids: { profileId, labelId } });
      const result = await openCaseAction({ caseId, epoch, grant, link, ...sealed });
      // A retry whose id is taken: the earlier attempt did open the case. Its
      // page shows what was saved (a stranger's case there would be a 404).
      if (result.ok || (retry && result.error === "conflict" && result.reason === "case.idTaken")) {
        router.push(`/cases/${caseId}`);
        return;
      }
      setError("unavailable");
    } catch {
      // No answer (network, or the server died): the case may exist. Not "nothing was saved".
      setError("noAnswer");
    } finally {
      wipe(caseKey);
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      {error && <FormAlert>{te(error)}</FormAlert>}
      <ProfileForm initial={emptyProfile} submitLabel={t("create")} busy={busy} onSubmit={create} onCancel={() => router.push("/cases")} />
      {busy && <ProgressNote>{t("encrypting")}</ProgressNote>}
    </div>
  );
}
