"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { allowsCaseAction } from "@/lib/auth/policy";
import { sealCurrent } from "@/lib/cases/open-case-client";
import type { CaseDetail } from "@/lib/cases/schema";
import { ThumbnailLoader } from "@/lib/evidence/thumbnail-loader";
import { reviewStatuses } from "@/lib/evidence/wire";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { SelectField } from "@/app/_components/form/select-field";
import type { Me } from "../me";
import type { OpenedCase } from "../use-opened-case";
import { EvidenceItem } from "./evidence-item";
import type { SealNote } from "./review-form";
import { UnfinishedUploads } from "./unfinished-uploads";
import { UploadPanel } from "./upload-panel";
import { useEvidence } from "./use-evidence";

const kindOf = (type: string) => (type === "application/pdf" ? "pdf" : (type.split("/")[0] ?? "other"));

/** The case's evidence: upload (encrypted in this browser), filter by review status, type and tag, open, review. */
export function EvidenceTab({ detail, opened, me }: { detail: CaseDetail; opened: OpenedCase; me: Me }) {
  const t = useTranslations("evidence");
  const account = useVault();
  const [reload, setReload] = useState(0);
  const [inPanel, setInPanel] = useState<string[]>([]);
  const refresh = () => setReload((n) => n + 1);
  const items = useEvidence(detail.id, opened.keyring, opened.signers, reload);
  // One per tab: thumbnails already opened stay while the list reloads.
  const [thumbnails] = useState(() => new ThumbnailLoader(detail.id));
  const [filters, setFilters] = useState({ status: "", kind: "", tag: "" });
  const names = useMemo(() => new Map(detail.people.map((p) => [p.userId, p.displayName])), [detail.people]);
  const target = { caseId: detail.id, currentEpoch: detail.currentEpoch, keyring: opened.keyring };
  const canUpload = allowsCaseAction(me.orgRole, detail.myRole, "case.evidence_upload");
  const sealNote: SealNote | null = allowsCaseAction(me.orgRole, detail.myRole, "case.evidence_review")
    ? async (evidenceId, note) => {
        if (!account) throw new Error("locked");
        return sealCurrent(detail, opened.keyring, { type: "review_note", id: crypto.randomUUID(), version: 1, value: { evidenceId, note } }, { author: account, prev: null });
      }
    : null;

  const list = Array.isArray(items) ? items : [];
  const kinds = [...new Set(list.flatMap((i) => (i.meta.ok ? [kindOf(i.meta.value.type)] : [])))].sort();
  const tags = [...new Set(list.flatMap((i) => (i.meta.ok ? i.meta.value.tags : [])))].sort();
  const shown = list.filter(
    (i) =>
      (!filters.status || i.row.reviewStatus === filters.status) &&
      (!filters.kind || (i.meta.ok && kindOf(i.meta.value.type) === filters.kind)) &&
      (!filters.tag || (i.meta.ok && i.meta.value.tags.includes(filters.tag))),
  );

  return (
    <div className="space-y-3">
      {canUpload && account && (
        <>
          <UploadPanel target={target} me={account} onUploaded={refresh} onStarted={(id) => setInPanel((ids) => (ids.includes(id) ? ids : [...ids, id]))} />
          <UnfinishedUploads target={target} me={account} reload={reload} onChanged={refresh} hide={inPanel} />
        </>
      )}
      {items === null && <ProgressNote>{t("decrypting")}</ProgressNote>}
      {items === "failed" && <FormAlert>{t("failed")}</FormAlert>}
      {Array.isArray(items) && (
        <section className="rounded-lg border border-slate-200 bg-white" aria-label={t("title")}>
          <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-3">
            <div className="w-52">
              <SelectField
                label={t("filters.status")}
                value={filters.status}
                onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value }))}
                options={[{ value: "", label: t("filters.all") }, ...reviewStatuses.map((s) => ({ value: s, label: t(`review.statuses.${s}`) }))]}
              />
            </div>
            <div className="w-40">
              <SelectField label={t("filters.kind")} value={filters.kind} onChange={(e) => setFilters((f) => ({ ...f, kind: e.target.value }))} options={[{ value: "", label: t("filters.all") }, ...kinds.map((k) => ({ value: k, label: k }))]} />
            </div>
            <div className="w-40">
              <SelectField label={t("filters.tag")} value={filters.tag} onChange={(e) => setFilters((f) => ({ ...f, tag: e.target.value }))} options={[{ value: "", label: t("filters.all") }, ...tags.map((k) => ({ value: k, label: k }))]} />
            </div>
            <p className="ml-auto text-xs text-slate-500">{t("count", { shown: shown.length, total: list.length })}</p>
          </div>
          {shown.length === 0 ? (
            <p className="p-3 text-sm text-slate-600">{t(list.length === 0 ? "none" : "noneMatch")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {shown.map((item) => (
                <EvidenceItem key={item.row.id} caseId={detail.id} item={item} names={names} sealNote={sealNote} onReviewed={refresh} keyring={opened.keyring} thumbnails={thumbnails} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
