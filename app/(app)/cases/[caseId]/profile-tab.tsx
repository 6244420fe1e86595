"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { allowsCaseAction } from "@/lib/auth/policy";
import type { OrgRole } from "@/lib/auth/roles";
import { useVault } from "@/lib/account/vault";
import { nextPersonLabel, openProfile, sealCurrent } from "@/lib/cases/open-case-client";
import { sealedRecordHash } from "@/lib/cases/record-signature";
import type { CaseDetail, PersonProfile } from "@/lib/cases/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProfileForm } from "@/app/_components/cases/profile-form";
import { readCase } from "@/lib/cases/case-reads-client";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { saveProfileAction } from "@/app/_actions/cases";
import { ProfileView } from "./profile-view";
import type { OpenedCase } from "./use-opened-case";

export function ProfileTab({ detail, opened, orgRole }: { detail: CaseDetail; opened: OpenedCase; orgRole: OrgRole }) {
  const t = useTranslations("caseView");
  const te = useTranslations("errors");
  const format = useFormatter();
  const router = useRouter();
  const me = useVault();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [older, setOlder] = useState<{ version: number; profile: PersonProfile | null } | null>(null);
  const names = new Map(detail.people.map((p) => [p.userId, p.displayName]));
  const current = opened.profile.ok ? opened.profile.value : null;
  const canEdit = allowsCaseAction(orgRole, detail.myRole, "case.edit_profile") && current && detail.profile;

  async function save(profile: PersonProfile) {
    if (!detail.profile) return;
    setBusy(true);
    setMessage(null);
    try {
      if (!me) throw new Error("locked");
      const prev = await sealedRecordHash(detail.profile.contentSealed);
      const record = await sealCurrent(detail, opened.keyring, { type: "person_profile", id: detail.profile.id, version: detail.profile.version + 1, value: profile }, { author: me, prev });
      const next = await nextPersonLabel(detail.personLabel, profile);
      const label = await sealCurrent(detail, opened.keyring, next.record, { author: me, prev: next.prev });
      const result = await saveProfileAction({ caseId: detail.id, record, label });
      if (result.ok) {
        setEditing(false);
        setMessage({ tone: "success", text: t("saved", { version: result.data.version }) });
        router.refresh();
      } else {
        setMessage({ tone: "error", text: result.error === "conflict" ? t("savedMeanwhile") : te("unavailable") });
        if (result.error === "conflict") router.refresh();
      }
    } catch {
      setMessage({ tone: "error", text: te("unavailable") });
    } finally {
      setBusy(false);
    }
  }

  async function showVersion(version: number) {
    const result = await readCase<SealedRecordWire & { authorId: string; createdAt: string }>(detail.id, "profile", version);
    if (!result.ok) return setOlder({ version, profile: null });
    const openedVersion = await openProfile(detail, result.data, opened.keyring);
    setOlder({ version, profile: openedVersion.ok ? openedVersion.value : null });
  }

  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
          {editing && current ? (
            <ProfileForm initial={current} submitLabel={t("saveVersion")} busy={busy} onSubmit={save} onCancel={() => setEditing(false)} />
          ) : (
            <>
              {current ? <ProfileView profile={current} /> : <p className="text-sm text-red-700">{t("damaged")}</p>}
              {canEdit && (
                <div className="mt-4 border-t border-slate-200 pt-3">
                  <Button variant="secondary" onClick={() => setEditing(true)}>
                    {t("edit")}
                  </Button>
                </div>
              )}
            </>
          )}
        </section>
        <aside className="space-y-3">
          <section className="rounded-lg border border-slate-200 bg-white p-3">
            <h2 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{t("versions")}</h2>
            <ol className="mt-2 space-y-1 text-sm">
              {detail.profileVersions.map((v) => (
                <li key={v.version} className="flex items-center justify-between gap-2">
                  <span>
                    v{v.version} · {names.get(v.authorId) ?? "—"}
                    <span className="block text-xs text-slate-500">{format.dateTime(new Date(v.createdAt), { dateStyle: "medium", timeStyle: "short" })}</span>
                  </span>
                  {v.version !== detail.profile?.version && (
                    <Button variant="quiet" onClick={() => void showVersion(v.version)}>
                      {t("view")}
                    </Button>
                  )}
                </li>
              ))}
            </ol>
          </section>
        </aside>
      </div>
      {older && (
        <section className="rounded-lg border border-amber-200 bg-amber-50 p-3" aria-label={t("olderVersion", { version: older.version })}>
          <div className="flex items-center justify-between">
            <h2 className="text-sm font-semibold text-amber-900">{t("olderVersion", { version: older.version })}</h2>
            <Button variant="quiet" onClick={() => setOlder(null)}>
              {t("close")}
            </Button>
          </div>
          <div className="mt-2">{older.profile ? <ProfileView profile={older.profile} /> : <p className="text-sm text-red-700">{t("damaged")}</p>}</div>
        </section>
      )}
    </div>
  );
}
