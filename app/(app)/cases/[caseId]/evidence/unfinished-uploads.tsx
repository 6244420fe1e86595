"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { openWithKeyring } from "@/lib/cases/open-case-client";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { evidenceMetaSchema } from "@/lib/evidence/schema";
import { attachThumbnail } from "@/lib/evidence/thumbnail-client";
import { isUploadError, resumeUpload, type UploadProgress, type UploadTarget } from "@/lib/evidence/upload-client";
import { readCase } from "@/lib/cases/case-reads-client";
import type { MyUpload } from "@/lib/evidence/wire";

type Unfinished = { upload: MyUpload; name: string | null };

/** My uploads that did not finish (reload, network cut, server restart): pick the same file again to continue where the server stopped. */
export function UnfinishedUploads({
  target,
  me,
  reload,
  onChanged,
  hide,
}: {
  target: UploadTarget;
  me: UnlockedAccount;
  reload: number;
  onChanged: () => void;
  /** Uploads the upload panel above already shows (one running there is not "unfinished"). */
  hide: string[];
}) {
  const t = useTranslations("evidence.unfinished");
  const te = useTranslations("errors");
  const format = useFormatter();
  const [items, setItems] = useState<Unfinished[]>([]);
  const [progress, setProgress] = useState<Record<string, UploadProgress | string>>({});

  useEffect(() => {
    let live = true;
    void (async () => {
      const result = await readCase<MyUpload[]>(target.caseId, "evidence", "uploads");
      if (!result.ok) return;
      const opened: Unfinished[] = [];
      for (const upload of result.data) {
        const meta = upload.meta ? await openWithKeyring(target.caseId, upload.meta, target.keyring, evidenceMetaSchema, "evidence_meta") : null;
        opened.push({ upload, name: meta?.ok ? meta.value.name : null });
      }
      if (live) setItems(opened);
    })();
    return () => {
      live = false;
    };
    // Reloaded with the list (after an upload finishes or fails).
  }, [target.caseId, target.keyring, reload]);

  async function resume(item: Unfinished, file: File) {
    if (!item.upload.meta) return;
    try {
      const controller = await resumeUpload({ target, me, file, metaRecord: item.upload.meta, onProgress: (p) => setProgress((all) => ({ ...all, [item.upload.id]: p })) });
      await controller.done;
      await attachThumbnail({ target, me, evidenceId: item.upload.id, file });
      onChanged();
    } catch (error) {
      setProgress((all) => ({ ...all, [item.upload.id]: isUploadError(error) && te.has(error.code) ? te(error.code) : te("unavailable") }));
    }
  }

  const shown = items.filter((item) => !hide.includes(item.upload.id));
  if (shown.length === 0) return null;
  return (
    <section className="space-y-2 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm" aria-labelledby="unfinished-title">
      <h2 id="unfinished-title" className="font-semibold text-amber-900">
        {t("title")}
      </h2>
      <ul className="space-y-2">
        {shown.map((item) => {
          const p = progress[item.upload.id];
          return (
            <li key={item.upload.id} className="flex flex-wrap items-center gap-2" data-testid="unfinished-upload">
              <span className="font-medium text-amber-900">{item.name ?? t("unnamed")}</span>
              <span className="text-xs text-amber-800">
                {t("stored", { parts: item.upload.storedParts, total: item.upload.partCount, when: format.dateTime(new Date(item.upload.createdAt), { dateStyle: "medium", timeStyle: "short" }) })}
              </span>
              <label className="ml-auto cursor-pointer rounded border border-amber-300 bg-white px-2 py-1 text-xs font-medium text-amber-900 hover:bg-amber-100">
                {t("pickAgain")}
                <input type="file" className="sr-only" aria-label={t("pickAgainFor", { name: item.name ?? t("unnamed") })} onChange={(e) => e.target.files?.[0] && void resume(item, e.target.files[0])} />
              </label>
              {typeof p === "string" && <span className="w-full text-xs font-medium text-red-700">{p}</span>}
              {p && typeof p !== "string" && <progress className="h-1.5 w-full accent-accent-700" max={1} value={p.bytesTotal ? p.bytesUploaded / p.bytesTotal : 0} aria-label={t("progressOf", { name: item.name ?? "" })} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
