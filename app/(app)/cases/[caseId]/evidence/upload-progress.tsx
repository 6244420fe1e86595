"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { UploadProgress } from "@/lib/evidence/upload-client";
import { Button } from "@/app/_components/form/button";

export type UploadView = {
  key: string;
  name: string;
  progress: UploadProgress | null;
  state: "running" | "done" | "failed" | "cancelled";
  error: string | null;
  resumable: boolean;
};

/** One file's upload: a progress bar with bytes, speed and time left; cancel or retry. */
export function UploadProgressRow({ upload, onCancel, onRetry }: { upload: UploadView; onCancel: () => void; onRetry: () => void }) {
  const t = useTranslations("evidence.upload");
  const format = useFormatter();
  const p = upload.progress;
  const ratio = p && p.bytesTotal > 0 ? p.bytesUploaded / p.bytesTotal : 0;
  // MiB, as the evidence list and the bundle index count.
  const mib = (bytes: number) => format.number(bytes / 1_048_576, { maximumFractionDigits: 1 });
  return (
    <li className="space-y-1 px-3 py-2 text-sm" data-testid="upload-row">
      <div className="flex items-center gap-2">
        <span className="truncate font-medium text-slate-900">{upload.name}</span>
        <span className="ml-auto text-xs text-slate-600" aria-live="polite">
          {upload.state === "done" && t("done")}
          {upload.state === "cancelled" && t("cancelled")}
          {upload.state === "failed" && <span className="font-medium text-red-700">{upload.error}</span>}
          {upload.state === "running" &&
            (p
              ? t(`phase.${p.phase}`, {
                  done: mib(p.bytesUploaded),
                  total: mib(p.bytesTotal),
                  // No speed yet (the first parts are in flight): "…", not a discouraging 0.
                  speed: p.speed > 0 ? mib(p.speed) : "…",
                  left: p.secondsLeft === null ? "…" : format.number(Math.ceil(p.secondsLeft)),
                  percent: format.number(Math.floor((p.readRatio ?? 0) * 100)),
                })
              : t("phase.preparing"))}
        </span>
        {upload.state === "running" && (
          <Button variant="quiet" onClick={onCancel} aria-label={t("cancelOne", { name: upload.name })}>
            {t("cancel")}
          </Button>
        )}
        {upload.state === "failed" && upload.resumable && (
          <Button variant="secondary" onClick={onRetry}>
            {t("retry")}
          </Button>
        )}
      </div>
      <progress className="h-1.5 w-full accent-accent-700" max={1} value={upload.state === "done" ? 1 : ratio} aria-label={t("progressOf", { name: upload.name })} />
    </li>
  );
}
