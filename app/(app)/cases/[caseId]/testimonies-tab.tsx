"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { stackedTable } from "@/app/_components/stacked-table";
import { useRouter } from "next/navigation";
import { allowsCaseAction } from "@/lib/auth/policy";
import type { CaseDetail } from "@/lib/cases/schema";
import { consentSummary } from "@/lib/testimonies/consent";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import type { Me } from "./me";
import type { OpenedCase } from "./use-opened-case";
import { useTestimonies } from "./use-testimonies";

const consentTone: Record<string, string> = {
  given: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  refused: "bg-red-50 text-red-800 ring-red-200",
  withdrawn: "bg-amber-50 text-amber-900 ring-amber-200",
  not_asked: "bg-slate-50 text-slate-600 ring-slate-200",
};

/** The case's testimonies: interview date, informant, version, consent per purpose — all decrypted here. */
export function TestimoniesTab({ detail, opened, me }: { detail: CaseDetail; opened: OpenedCase; me: Me }) {
  const t = useTranslations("testimonyList");
  const tc = useTranslations("testimony");
  const format = useFormatter();
  const router = useRouter();
  const signers = opened.signers;
  const data = useTestimonies(detail.id, opened.keyring, signers);
  const canWrite = allowsCaseAction(me.orgRole, detail.myRole, "case.testimony_write");
  const base = `/cases/${detail.id}/testimonies`;

  if (data === null) return <ProgressNote>{t("decrypting")}</ProgressNote>;
  if (data === "failed") return <FormAlert>{t("failed")}</FormAlert>;
  const names = new Map(detail.people.map((p) => [p.userId, p.displayName]));

  return (
    <section className="space-y-3" aria-label={t("title")}>
      {canWrite && (
        // The testimony's id is made here, so its first autosaved draft can name it.
        <Button variant="secondary" onClick={() => router.push(`${base}/${crypto.randomUUID()}/edit`)}>
          {t("record")}
        </Button>
      )}
      {data.drafts.length > 0 && (
        <ul className="space-y-1 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm" aria-label={t("drafts")}>
          {data.drafts.map((d) => (
            <li key={d.draftId} className="flex flex-wrap items-center gap-2">
              <span className="font-medium text-amber-900">{t("draft")}</span>
              <span className="text-amber-900">{d.content.ok ? d.content.value.value.informant.name || t("untitled") : t("damaged")}</span>
              <span className="text-xs text-amber-800">{t("draftSaved", { when: format.dateTime(new Date(d.updatedAt), { dateStyle: "medium", timeStyle: "short" }) })}</span>
              {d.content.ok && (
                <Link href={`${base}/${d.content.value.testimonyId}/edit`} className="ml-auto font-medium text-accent-800 hover:underline">
                  {t("resume")}
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.testimonies.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t("none")}</p>
      ) : (
        <table className={`w-full rounded-lg border border-slate-200 bg-white text-left text-sm ${stackedTable.table}`}>
          <thead className={`border-b border-slate-200 text-xs text-slate-600 ${stackedTable.head}`}>
            <tr>
              <th className="px-3 py-2 font-medium">{t("columns.date")}</th>
              <th className="px-3 py-2 font-medium">{t("columns.informant")}</th>
              <th className="px-3 py-2 font-medium">{t("columns.version")}</th>
              <th className="px-3 py-2 font-medium">{t("columns.consent")}</th>
            </tr>
          </thead>
          <tbody className={`divide-y divide-slate-100 ${stackedTable.body}`}>
            {data.testimonies.map(({ testimonyId, versions, latest }) => {
              const value = latest.content.ok ? latest.content.value : null;
              const meta = versions[0]!;
              return (
                <tr key={testimonyId} data-testid="testimony-row" className={`align-top ${stackedTable.row}`}>
                  <td className="px-3 py-2">{value?.interview.date || "—"}</td>
                  <td className="px-3 py-2">
                    <Link href={`${base}/${testimonyId}`} className="font-medium text-accent-800 hover:underline">
                      {value ? value.informant.name : t("damaged")}
                    </Link>
                    {value && <span className="block text-xs text-slate-500">{tc(`informantRoles.${value.informant.role}`)}</span>}
                    {latest.signature === "broken" && <span className="mt-1 block text-xs font-semibold text-red-700">{t("signatureBroken")}</span>}
                    {latest.signature === "rolled_back" && <span className="mt-1 block text-xs font-semibold text-red-700">{t("rolledBack")}</span>}
                  </td>
                  <td className="px-3 py-2 text-slate-700">
                    v{meta.version}
                    <span className="block text-xs text-slate-500">
                      {names.get(meta.authorId) ?? "—"} · {format.dateTime(new Date(meta.signedAt), { dateStyle: "medium" })}
                    </span>
                  </td>
                  <td className="px-3 py-2">
                    {value && (
                      <ul className="flex flex-wrap gap-1">
                        {consentSummary(value).map((p) => (
                          <li key={p.purpose} className={`rounded px-1.5 py-0.5 text-xs ring-1 ring-inset ${consentTone[p.state] ?? ""}`}>
                            {tc(`consentPurposes.${p.purpose}`)}: {tc(`consentStatuses.${p.state}`)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
