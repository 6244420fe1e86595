"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { downloadEvidence, isDownloadError } from "@/lib/evidence/download-client";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import type { ThumbnailLoader } from "@/lib/evidence/thumbnail-loader";
import { CustodyPanel } from "./custody-panel";
import { EvidenceThumbnail } from "./evidence-thumbnail";
import { ReviewForm, type SealNote } from "./review-form";
import type { OpenedEvidence } from "./use-evidence";
import { ReviewStatusChip } from "./review-status-chip";

type Names = Map<string, string>;

/** Bytes as people read them: 68 B, 12 KiB, 3.4 MiB, 1.2 GiB. */
function humanSize(bytes: number, number: (value: number, options: { maximumFractionDigits: number }) => string): string {
  const units = ["B", "KiB", "MiB", "GiB"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${number(value, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/**
 * One item: what it is, who uploaded it, its review; open it (download or preview, hash re-checked), its custody, and review it.
 * The preview stays open while reviewing: a lawyer judges the photo while looking at it (issue 14).
 */
export function EvidenceItem({
  caseId,
  item,
  names,
  sealNote,
  onReviewed,
  keyring,
  thumbnails,
}: {
  caseId: string;
  item: OpenedEvidence;
  names: Names;
  /** Opens the thumbnail (issue 14). */
  keyring: CaseKeyring;
  thumbnails: ThumbnailLoader;
  /** Null when the viewer may not review. */
  sealNote: SealNote | null;
  onReviewed: () => void;
}) {
  const t = useTranslations("evidence");
  const format = useFormatter();
  const [panel, setPanel] = useState<"custody" | "review" | null>(null);
  const reviewButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  /** While a file is fetched and decrypted: how far (a large video takes a while). */
  const [fetched, setFetched] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ url: string; type: string } | null>(null);
  const { row, meta } = item;

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview.url)), [preview]);

  if (!meta.ok) return <li className="px-3 py-2 text-sm text-red-700" data-testid="evidence-row">{t(meta.problem === "rolled_back" ? "rolledBack" : "damaged")}</li>;
  const m = meta.value;

  async function open(purpose: "download" | "preview") {
    setBusy(true);
    setProblem(null);
    try {
      let shownPercent = -1;
      const blob = await downloadEvidence({
        caseId,
        evidenceId: row.id,
        meta: m,
        purpose,
        // One update per percent, not one per 64 KiB chunk.
        onProgress: ({ bytesReceived, bytesTotal }) => {
          const percent = Math.floor((bytesReceived / Math.max(1, bytesTotal)) * 100);
          if (percent === shownPercent) return;
          shownPercent = percent;
          setFetched({ done: bytesReceived, total: bytesTotal });
        },
      });
      const url = URL.createObjectURL(blob);
      if (purpose === "preview") {
        setPreview({ url, type: m.type });
      } else {
        const a = document.createElement("a");
        a.href = url;
        a.download = m.name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      }
    } catch (error) {
      // A 0x02 file's parts authenticate one by one: the first that does not is named.
      if (isDownloadError(error, "damaged") && error.partNumber !== undefined) setProblem(t("problems.damagedPart", { part: error.partNumber }));
      else setProblem(t(`problems.${isDownloadError(error) ? error.code : "unavailable"}`));
    } finally {
      setBusy(false);
      setFetched(null);
    }
  }

  const mib = (bytes: number) => format.number(bytes / 1_048_576, { maximumFractionDigits: 1 });
  const previewable = /^(image|audio|video)\//.test(m.type) || m.type === "application/pdf";
  const reviewing = panel === "review" && sealNote !== null;
  // Back to the button that opened the form, so the keyboard does not start again at the top of the page.
  const closeReview = () => {
    setPanel(null);
    reviewButton.current?.focus();
  };
  return (
    <li className="px-3 py-2 text-sm" data-testid="evidence-row">
      <div className="grid items-start gap-2 sm:grid-cols-[1fr_10rem_11rem_19rem] lg:grid-cols-[1fr_10rem_11rem_24rem]">
        <div className="flex min-w-0 gap-3">
          <EvidenceThumbnail caseId={caseId} evidenceId={row.id} uploaderId={row.uploaderId} name={m.name} type={m.type} keyring={keyring} loader={thumbnails} />
          <div className="min-w-0">
            <p className="truncate font-medium text-slate-900">{m.name}</p>
            {m.description && <p className="text-xs text-slate-700">{m.description}</p>}
            <p className="text-xs text-slate-500">
              {m.type} · {humanSize(m.size, (value, options) => format.number(value, options))}{m.capturedAt && ` · ${t("captured", { date: m.capturedAt })}`}
              {m.tags.length > 0 && ` · ${m.tags.join(", ")}`}
            </p>
            {m.source && <p className="text-xs text-slate-500">{t("sourceLabel", { source: m.source })}</p>}
          </div>
        </div>
        <div className="text-xs text-slate-700">
          <span className="block">{names.get(row.uploaderId) ?? "—"}</span>
          <span className="block text-slate-500">{format.dateTime(new Date(row.finalisedAt), { dateStyle: "medium", timeStyle: "short" })}</span>
          <span className={`block ${item.signature === "valid" ? "text-emerald-800" : "font-semibold text-red-700"}`}>{t(`signature.${item.signature}`)}</span>
        </div>
        <div className="text-xs">
          <ReviewStatusChip status={row.reviewStatus} />
          {row.reviewedById && (
            <span className="mt-1 block text-slate-500">
              {names.get(row.reviewedById) ?? "—"}, {row.reviewedAt && format.dateTime(new Date(row.reviewedAt), { dateStyle: "medium" })}
            </span>
          )}
        </div>
        {/* On a phone the actions are a grid of thumb-sized buttons, not a ragged right-aligned row. */}
        <div className="flex flex-wrap justify-end gap-1 max-sm:grid max-sm:grid-cols-2">
          {previewable && (
            <Button
              variant="quiet"
              disabled={busy}
              onClick={() => (preview ? setPreview(null) : void open("preview"))}
              aria-label={t(preview ? "hidePreviewOne" : "previewOne", { name: m.name })}
            >
              {t(preview ? "hidePreview" : "preview")}
            </Button>
          )}
          <Button variant="secondary" disabled={busy} onClick={() => void open("download")} aria-label={t("downloadOne", { name: m.name })}>
            {t("download")}
          </Button>
          <Button variant="quiet" onClick={() => setPanel(panel === "custody" ? null : "custody")} aria-expanded={panel === "custody"} aria-label={t("custodyOne", { name: m.name })}>
            {t("custody")}
          </Button>
          {sealNote && (
            <Button ref={reviewButton} variant="quiet" onClick={() => (reviewing ? closeReview() : setPanel("review"))} aria-expanded={reviewing} aria-label={t("reviewOne", { name: m.name })}>
              {t("reviewAction")}
            </Button>
          )}
        </div>
      </div>
      {busy && fetched && (
        <div className="mt-2 space-y-1 text-xs text-slate-700" role="status">
          <p>{t("fetching", { done: mib(fetched.done), total: mib(fetched.total) })}</p>
          <progress className="h-1.5 w-full accent-accent-700" max={fetched.total} value={fetched.done} aria-label={t("fetchingOf", { name: m.name })} />
        </div>
      )}
      {problem && (
        <div className="mt-2">
          <FormAlert>{problem}</FormAlert>
        </div>
      )}
      {item.notes.length > 0 && (
        <ul className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3 text-xs text-slate-700">
          {item.notes.map((n) => (
            <li key={n.id}>
              <span className="text-slate-500">{names.get(n.authorId) ?? "—"}, {format.dateTime(new Date(n.createdAt), { dateStyle: "medium" })}: </span>
              <span className="whitespace-pre-wrap">{n.note}</span>
            </li>
          ))}
        </ul>
      )}
      {reviewing ? (
        // Preview first: on a phone it sits above the form, which is reached by scrolling.
        <div className={`mt-2 grid gap-3 ${previewable ? "lg:grid-cols-[minmax(0,1fr)_24rem]" : "lg:max-w-xl"}`} data-testid="review-pane">
          {previewable &&
            (preview ? (
              <Preview url={preview.url} type={preview.type} name={m.name} tall />
            ) : (
              <div className="flex min-h-40 flex-col items-center justify-center gap-2 rounded border border-dashed border-slate-300 bg-slate-50 p-4 text-center text-xs text-slate-600">
                <p>{t("previewBeside")}</p>
                <Button variant="secondary" disabled={busy} onClick={() => void open("preview")} aria-label={t("previewOne", { name: m.name })}>
                  {t("preview")}
                </Button>
              </div>
            ))}
          <ReviewForm
            caseId={caseId}
            evidenceId={row.id}
            name={m.name}
            current={row.reviewStatus}
            sealNote={sealNote}
            onCancel={closeReview}
            onDone={() => {
              closeReview();
              onReviewed();
            }}
          />
        </div>
      ) : (
        preview && (
          <div className="mt-2">
            <Preview url={preview.url} type={preview.type} name={m.name} />
          </div>
        )
      )}
      {panel === "custody" && (
        <CustodyPanel
          caseId={caseId}
          evidenceId={row.id}
          name={m.name}
          sha256={m.sha256}
          signature={item.signature}
          signer={item.signer}
          uploaderName={names.get(row.uploaderId) ?? "—"}
          names={names}
        />
      )}
    </li>
  );
}

/** The decrypted file. `tall`: beside the review form, where it gets most of the screen's height. */
function Preview({ url, type, name, tall = false }: { url: string; type: string; name: string; tall?: boolean }) {
  const height = tall ? "max-h-[75vh]" : "max-h-96";
  if (type.startsWith("image/"))
    return (
      <div className="flex h-full items-center justify-center rounded border border-slate-200 bg-slate-50 p-2">
        {/* A blob: URL of decrypted content: it must never pass through an image optimiser (next/image). */}
        {/* eslint-disable-next-line @next/next/no-img-element */}
        <img src={url} alt={name} className={`${height} max-w-full object-contain`} />
      </div>
    );
  if (type.startsWith("audio/")) return <audio src={url} controls className="w-full self-start" aria-label={name} />;
  if (type.startsWith("video/")) return <video src={url} controls className={`${height} w-full self-start rounded bg-slate-900`} aria-label={name} />;
  return <iframe src={url} title={name} className={`${tall ? "h-[75vh] min-h-96" : "h-96"} w-full self-start rounded border border-slate-200 bg-white`} />;
}
