"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useVault } from "@/lib/account/vault";
import type { CaseDetail } from "@/lib/cases/schema";
import { emptyTestimony, type Testimony } from "@/lib/testimonies/schema";
import { isClientError } from "@/lib/errors/client-error";
import { sealTestimonyVersion } from "@/lib/testimonies/testimonies-client";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { useFailureText } from "@/app/_components/deadlines/failure-text";
import { SignatureWarning } from "@/app/_components/testimonies/signature-warning";
import { TestimonyForm } from "@/app/_components/testimonies/testimony-form";
import { discardDraftAction, saveTestimonyAction } from "@/app/_actions/testimonies";
import { caseTabHref } from "../case-tabs";
import type { Me } from "../me";
import { useDraftAutosave, type DraftStatus } from "../use-draft-autosave";
import type { OpenedCase } from "../use-opened-case";
import type { CaseTestimonies } from "../use-testimonies";
import { WithOpenedTestimonies } from "./with-opened-testimonies";

/** Records a new testimony or the next version of one, with an encrypted draft kept on the server while typing. */
export function TestimonyEditor({ detail, me, testimonyId }: { detail: CaseDetail; me: Me; testimonyId: string }) {
  return <WithOpenedTestimonies detail={detail}>{(opened, data) => <EditorBody detail={detail} me={me} testimonyId={testimonyId} opened={opened} data={data} />}</WithOpenedTestimonies>;
}

function EditorBody({ detail, me, testimonyId, opened, data }: { detail: CaseDetail; me: Me; testimonyId: string; opened: OpenedCase; data: CaseTestimonies }) {
  const t = useTranslations("testimonyEditor");
  const format = useFormatter();
  const router = useRouter();
  const account = useVault();
  const failureText = useFailureText();
  const te = useTranslations("errors");
  const existing = data.testimonies.find((x) => x.testimonyId === testimonyId) ?? null;
  const draft = data.drafts.find((d) => d.content.ok && d.content.value.testimonyId === testimonyId) ?? null;
  const latestVersion = existing?.versions[0]?.version ?? 0;
  const previous = existing?.latest.content.ok && existing.latest.signature === "valid" ? (existing.latest.content.value as Testimony) : null;
  const [draftId] = useState(() => draft?.draftId ?? crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // A version with an empty consent log waits here until the person says to sign it anyway.
  const [unconsented, setUnconsented] = useState<Testimony | null>(null);
  const autosave = useDraftAutosave({ caseId: detail.id, currentEpoch: detail.currentEpoch, keyring: opened.keyring, draftId, testimonyId, baseVersion: latestVersion });
  const readUrl = `/cases/${detail.id}/testimonies/${testimonyId}`;

  // Editing a version that does not verify would carry altered text into a new signed version.
  if (existing && !previous) return <SignatureWarning state={existing.latest.signature === "valid" ? "broken" : existing.latest.signature} />;

  const restored = draft?.content.ok ? draft.content.value : null;
  const initial: Testimony = (restored?.value as Testimony | undefined) ?? previous ?? {
    ...emptyTestimony,
    interview: { ...emptyTestimony.interview, date: new Date().toISOString().slice(0, 10), interviewer: detail.people.find((p) => p.userId === me.userId)?.displayName ?? "" },
    informant: { ...emptyTestimony.informant, name: opened.profile.ok ? opened.profile.value.fullName : "" },
  };

  async function save(value: Testimony) {
    if (!account) return;
    setBusy(true);
    setMessage(null);
    try {
      const sealed = await sealTestimonyVersion({ caseId: detail.id, currentEpoch: detail.currentEpoch, keyring: opened.keyring }, account, { testimonyId, version: latestVersion + 1 }, value, previous);
      autosave.forget();
      const result = await saveTestimonyAction({ caseId: detail.id, draftId, ...sealed });
      if (result.ok) router.push(`${readUrl}?saved=${result.data.version}`);
      else {
        autosave.changed(value); // keep the work in the draft
        setMessage(result.error === "conflict" ? t("conflict") : failureText(result));
      }
    } catch (error) {
      autosave.changed(value);
      // Otherwise no answer (network, or the server died): the version may have been saved.
      setMessage(isClientError(error) && error.code.startsWith("testimony.") ? t("consentLogChanged") : te("noAnswer"));
    } finally {
      setBusy(false);
    }
  }

  async function discard() {
    autosave.forget();
    await discardDraftAction({ caseId: detail.id, draftId });
    router.push(existing ? readUrl : caseTabHref(detail.id, "testimonies"));
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold text-slate-900">{existing ? t("titleNewVersion", { version: latestVersion + 1 }) : t("titleNew")}</h1>
        <span className="font-mono text-sm text-slate-600">{detail.reference}</span>
        <Link href={existing ? readUrl : caseTabHref(detail.id, "testimonies")} className="ml-auto text-sm text-accent-800 hover:underline">
          {t("back")}
        </Link>
      </div>
      {restored && draft && (
        <FormAlert tone="info">
          {t("restored", { when: format.dateTime(new Date(draft.updatedAt), { dateStyle: "medium", timeStyle: "medium" }) })}{" "}
          {restored.baseVersion < latestVersion && t("draftBehind", { base: restored.baseVersion, latest: latestVersion })}{" "}
          <Button variant="quiet" onClick={() => void discard()}>
            {t("discard")}
          </Button>
        </FormAlert>
      )}
      {message && <FormAlert>{message}</FormAlert>}
      <TestimonyForm
        initial={initial}
        savedConsent={previous?.consent ?? []}
        submitLabel={existing ? t("saveVersion", { version: latestVersion + 1 }) : t("saveFirst")}
        busy={busy}
        onSubmit={(value) => (value.consent.length === 0 ? setUnconsented(value) : void save(value))}
        onChange={autosave.changed}
        draftStatus={<DraftStatusNote status={autosave.status} />}
      />
      <ConfirmDialog
        open={unconsented !== null}
        title={t("noConsentTitle")}
        body={t("noConsentBody")}
        confirmLabel={t("noConsentConfirm")}
        cancelLabel={t("noConsentCancel")}
        onConfirm={() => {
          if (unconsented) void save(unconsented);
          setUnconsented(null);
        }}
        onClose={() => setUnconsented(null)}
      />
    </div>
  );
}

function DraftStatusNote({ status }: { status: DraftStatus }) {
  const t = useTranslations("testimonyEditor");
  const format = useFormatter();
  if (status.state === "idle") return <span className="text-xs text-slate-500">{t("draftIdle")}</span>;
  if (status.state === "saving") return <span className="text-xs text-slate-500">{t("draftSaving")}</span>;
  if (status.state === "failed") return <span className="text-xs font-medium text-red-700">{t("draftFailed")}</span>;
  return (
    <span className="text-xs text-slate-600" data-testid="draft-status">
      {t("draftSaved", { when: format.dateTime(status.at, { timeStyle: "medium" }) })}
    </span>
  );
}
