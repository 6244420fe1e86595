"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { allowsCaseAction } from "@/lib/auth/policy";
import { exportCaseBundle } from "@/lib/bundles/assemble-client";
import { buildCandidates, itemKey, toWireItem, type Candidate } from "@/lib/bundles/candidates";
import { blockedExhibit, BundleExportError } from "@/lib/bundles/export/errors";
import { emptyBundleMeta, type BundleMeta } from "@/lib/bundles/schema";
import { saveBlob } from "@/app/_components/save-blob";
import { useVault } from "@/lib/account/vault";
import { sealCurrent } from "@/lib/cases/open-case-client";
import { sealedRecordHash } from "@/lib/cases/record-signature";
import { isLocale, type Locale } from "@/lib/i18n/config";
import type { CaseDetail, SealedRecordWire } from "@/lib/cases/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { useSaveRunner } from "@/app/_components/use-save-runner";
import { bundleExportedAction, saveBundleAction } from "@/app/_actions/bundles";
import type { Me } from "../me";
import { useEvidence } from "../evidence/use-evidence";
import type { OpenedCase } from "../use-opened-case";
import { useTestimonies } from "../use-testimonies";
import { BundleBuilder } from "./bundle-builder";
import { useBundles, type OpenedBundle } from "./use-bundles";

type Mode = { kind: "new" } | { kind: "edit"; id: string } | null;
/** Court bundles of the case: exhibits picked and ordered here, names sealed; exported as a ZIP built in this browser. */
export function BundlesTab({ detail, opened, me }: { detail: CaseDetail; opened: OpenedCase; me: Me }) {
  const t = useTranslations("bundles");
  const format = useFormatter();
  const [reload, setReload] = useState(0);
  const signers = opened.signers;
  const bundles = useBundles(detail.id, opened.keyring, reload);
  const evidence = useEvidence(detail.id, opened.keyring, signers, reload);
  const testimonies = useTestimonies(detail.id, opened.keyring, signers);
  const [mode, setMode] = useState<Mode>(null);
  const vault = useVault();
  const current = useLocale();
  const locale: Locale = isLocale(current) ? current : "en";
  const settled = useCallback((ok: boolean) => {
    if (ok) setMode(null);
    setReload((n) => n + 1);
  }, []);
  const { busy, message, setMessage, run } = useSaveRunner(settled);
  const [exporting, setExporting] = useState<{ id: string; fraction: number | null } | null>(null);
  const canManage = allowsCaseAction(me.orgRole, detail.myRole, "case.bundle_manage");
  const names = new Map(detail.people.map((p) => [p.userId, p.displayName]));

  if (bundles === null || evidence === null || testimonies === null) return <ProgressNote>{t("decrypting")}</ProgressNote>;
  if (bundles === "failed" || evidence === "failed" || testimonies === "failed") return <FormAlert>{t("failed")}</FormAlert>;

  const candidates: Candidate[] = buildCandidates(evidence, testimonies.testimonies, { damaged: t("damaged"), untitled: t("untitled") });
  const byKey = new Map(candidates.map((c) => [c.key, c]));

  /** Saves the bundle's next meta version after `previous` (null: a new bundle), signed by this member. */
  const save = (bundleId: string, previous: SealedRecordWire | null, meta: BundleMeta, keys: string[], done: string) =>
    run(async () => {
      if (!vault) throw new Error("locked");
      const prev = previous ? await sealedRecordHash(previous.contentSealed) : null;
      const record = { type: "bundle_meta" as const, id: bundleId, version: (previous?.version ?? 0) + 1, value: meta };
      const sealed = await sealCurrent(detail, opened.keyring, record, { author: vault, prev });
      return saveBundleAction({ caseId: detail.id, bundleId, meta: sealed, items: keys.map(toWireItem) });
    }, done);

  const exportErrorText = (error: unknown) => {
    const exhibit = blockedExhibit(error);
    if (exhibit !== null) return t("exportBlocked", { n: exhibit });
    if (error instanceof BundleExportError && error.code === "no_verifier") return t("exportNoVerifier");
    if (error instanceof BundleExportError && error.code === "timestamp_unavailable") return t("exportNoTimestamp");
    if (error instanceof BundleExportError && error.code === "bad_signature" && error.exhibit !== undefined) return t("exportUntrustedKey", { n: error.exhibit });
    return t("exportFailed");
  };

  const runExport = async (b: OpenedBundle) => {
    if (!b.meta.ok || !vault) return;
    const bundleName = b.meta.value.name;
    setMessage(null);
    setExporting({ id: b.view.id, fraction: null });
    try {
      const { blob, fileName } = await exportCaseBundle({
        detail,
        bundle: b.view,
        bundleName,
        me: vault,
        signers,
        language: locale,
        candidates: byKey,
        onProgress: (done, total) => setExporting({ id: b.view.id, fraction: total > 0 ? Math.min(1, done / total) : null }),
      });
      saveBlob(blob, fileName);
      const recorded = await bundleExportedAction({ caseId: detail.id, bundleId: b.view.id });
      setMessage(recorded.ok ? { tone: "success", text: t("exported", { name: fileName }) } : { tone: "error", text: t("exportNotRecorded") });
    } catch (error) {
      setMessage({ tone: "error", text: exportErrorText(error) });
    } finally {
      setExporting(null);
    }
  };

  const editing = mode?.kind === "edit" ? bundles.find((b) => b.view.id === mode.id) : undefined;

  return (
    <section className="space-y-3" aria-label={t("title")}>
      {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
      {canManage && mode === null && (
        <Button variant="secondary" onClick={() => setMode({ kind: "new" })}>
          {t("new")}
        </Button>
      )}
      {mode?.kind === "new" && (
        <BundleBuilder
          title={t("newTitle")}
          initialMeta={emptyBundleMeta}
          initialKeys={[]}
          candidates={candidates}
          busy={busy}
          onSave={(meta, keys) => void save(crypto.randomUUID(), null, meta, keys, t("created"))}
          onCancel={() => setMode(null)}
        />
      )}
      {editing && editing.meta.ok && (
        <BundleBuilder
          key={editing.view.id}
          title={t("editTitle", { name: editing.meta.value.name })}
          initialMeta={editing.meta.value}
          initialKeys={editing.view.items.map(itemKey)}
          candidates={candidates}
          busy={busy}
          onSave={(meta, keys) => void save(editing.view.id, editing.view.meta, meta, keys, t("saved"))}
          onCancel={() => setMode(null)}
        />
      )}
      {bundles.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t("none")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {bundles.map((b) => {
            const blocked = b.view.items.filter((i) => !byKey.get(itemKey(i))?.selectable).map((i) => i.position);
            const name = b.meta.ok ? b.meta.value.name : t("damaged");
            const isExporting = exporting?.id === b.view.id;
            return (
              <li key={b.view.id} className="p-3" data-testid="bundle-row">
                <div className="flex flex-wrap items-start gap-3 text-sm">
                  <div className="min-w-0 flex-1">
                    <p className="font-medium text-slate-900">{b.meta.ok ? name : <span className="text-red-700">{name}</span>}</p>
                    {b.meta.ok && b.meta.value.hearing && <p className="text-xs text-slate-600">{b.meta.value.hearing}</p>}
                    <p className="text-xs text-slate-500">
                      {t("exhibitCount", { count: b.view.items.length })} ·{" "}
                      {t("updated", { who: names.get(b.view.meta.authorId) ?? "—", when: format.dateTime(new Date(b.view.updatedAt), { dateStyle: "medium", timeStyle: "short" }) })}
                    </p>
                    {b.meta.ok && b.meta.value.notes && <p className="mt-1 whitespace-pre-wrap text-xs text-slate-600">{b.meta.value.notes}</p>}
                    {blocked.length > 0 && <p className="mt-1 text-xs font-semibold text-red-700">{t("blockedExhibits", { list: blocked.join(", ") })}</p>}
                  </div>
                  {canManage && b.meta.ok && (
                    <div className="flex flex-wrap justify-end gap-1">
                      <Button variant="quiet" disabled={mode !== null || busy} onClick={() => setMode({ kind: "edit", id: b.view.id })} aria-label={t("editOne", { name })}>
                        {t("edit")}
                      </Button>
                      <Button
                        variant="secondary"
                        disabled={exporting !== null || blocked.length > 0 || b.view.items.length === 0}
                        onClick={() => void runExport(b)}
                        aria-label={t("exportOne", { name })}
                      >
                        {t("export")}
                      </Button>
                    </div>
                  )}
                </div>
                {isExporting && (
                  <div className="mt-2 space-y-1" data-testid="bundle-export-progress">
                    <ProgressNote>{exporting.fraction === null ? t("exporting") : t("exportingPercent", { percent: Math.round(exporting.fraction * 100) })}</ProgressNote>
                    {exporting.fraction !== null && (
                      <progress className="h-2 w-full" max={100} value={Math.round(exporting.fraction * 100)} aria-label={t("exporting")} />
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
