"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { z } from "zod";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { capturedAtSchema } from "@/lib/evidence/schema";
import { attachThumbnail } from "@/lib/evidence/thumbnail-client";
import { isUploadError, resumeUpload, startUpload, type UploadController, type UploadTarget } from "@/lib/evidence/upload-client";
import { Button } from "@/app/_components/form/button";
import { TextField } from "@/app/_components/form/text-field";
import { useErrorMessage } from "@/app/_components/form/use-error-message";
import { UploadProgressRow, type UploadView } from "./upload-progress";

const detailsForm = z.object({
  files: z.array(
    z.object({
      description: z.string().trim().max(20_000, "text.tooLong"),
      source: z.string().trim().max(2_000, "text.tooLong"),
      capturedAt: capturedAtSchema,
      tags: z.string().trim().max(2_000, "text.tooLong"),
    }),
  ),
});
type DetailsForm = z.infer<typeof detailsForm>;

const splitTags = (tags: string) => [...new Set(tags.split(",").map((t) => t.trim()).filter(Boolean))];

/**
 * Pick or drop several files, describe each (all encrypted), upload them: each
 * is encrypted in a worker while it is sent in parts, with progress, cancel
 * and retry. The page may be left and the upload resumed later.
 */
export function UploadPanel({
  target,
  me,
  onUploaded,
  onStarted,
}: {
  target: UploadTarget;
  me: UnlockedAccount;
  onUploaded: () => void;
  /** An upload this panel shows (running, or failed with its own Retry): not to be listed again as unfinished. */
  onStarted: (evidenceId: string) => void;
}) {
  const t = useTranslations("evidence.upload");
  const te = useTranslations("errors");
  const [picked, setPicked] = useState<File[]>([]);
  const [uploads, setUploads] = useState<UploadView[]>([]);
  const controllers = useRef(new Map<string, UploadController>());
  const files = useRef(new Map<string, File>());
  const [dragging, setDragging] = useState(false);
  const form = useForm<DetailsForm>({ resolver: zodResolver(detailsForm), defaultValues: { files: [] } });
  const rows = useFieldArray({ control: form.control, name: "files" });
  const err = useErrorMessage();

  function pick(files: FileList | null) {
    if (!files || files.length === 0) return;
    const list = [...files];
    setPicked((old) => [...old, ...list]);
    rows.append(list.map(() => ({ description: "", source: "", capturedAt: "", tags: "" })));
  }

  const update = (key: string, patch: Partial<UploadView>) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...patch } : u)));

  async function run(file: File, details: DetailsForm["files"][number] | null, key: string = crypto.randomUUID()) {
    const previous = controllers.current.get(key);
    if (previous) update(key, { state: "running", error: null, resumable: false });
    else setUploads((all) => [...all, { key, name: file.name, progress: null, state: "running", error: null, resumable: false }]);
    const onProgress = (progress: UploadView["progress"]) => update(key, { progress });
    try {
      // A retry continues the same upload: parts the server holds are skipped.
      const controller =
        previous && !details
          ? await resumeUpload({ target, me, file, metaRecord: previous.metaRecord, sentParts: previous.sentParts(), onProgress })
          : await startUpload({
              target,
              me,
              file,
              details: { description: details?.description, source: details?.source, capturedAt: details?.capturedAt, tags: splitTags(details?.tags ?? "") },
              onProgress,
            });
      controllers.current.set(key, controller);
      onStarted(controller.evidenceId);
      files.current.set(key, file);
      await controller.done;
      update(key, { state: "done" });
      // Before the list reloads, so the new row shows its picture (best effort: never fails the upload).
      await attachThumbnail({ target, me, evidenceId: controller.evidenceId, file });
      onUploaded();
    } catch (error) {
      if (isUploadError(error, "evidence.cancelled")) return update(key, { state: "cancelled" });
      const reason = isUploadError(error) && te.has(error.code) ? te(error.code) : te("unavailable");
      // A resumable failure is listed under "unfinished uploads" after a reload, too.
      update(key, { state: "failed", error: reason, resumable: isUploadError(error) && error.resumable });
      onUploaded();
    }
  }

  async function uploadAll(values: DetailsForm) {
    const chosen = picked;
    setPicked([]);
    rows.replace([]);
    await Promise.all(chosen.map((file, i) => run(file, values.files[i]!)));
  }

  function retry(key: string) {
    const file = files.current.get(key);
    if (file) void run(file, null, key);
  }

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="upload-title">
      <h2 id="upload-title" className="text-sm font-semibold text-slate-900">
        {t("title")}
      </h2>
      <label
        className={`flex cursor-pointer flex-col items-center justify-center rounded border-2 border-dashed px-4 py-6 text-sm focus-within:ring-2 focus-within:ring-accent-700 focus-within:ring-offset-2 ${dragging ? "border-accent-600 bg-accent-50" : "border-slate-300 text-slate-600"}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          pick(e.dataTransfer.files);
        }}
      >
        <span>{t("drop")}</span>
        <input type="file" multiple className="sr-only" aria-label={t("pick")} onChange={(e) => { pick(e.target.files); e.target.value = ""; }} />
        <span className="mt-1 text-xs text-slate-500">{t("encryptedHint")}</span>
      </label>
      {rows.fields.length > 0 && (
        <form onSubmit={(e) => void form.handleSubmit(uploadAll)(e)} noValidate className="space-y-3" aria-label={t("detailsForm")}>
          {rows.fields.map((field, i) => (
            <fieldset key={field.id} className="grid gap-2 rounded border border-slate-200 p-3 sm:grid-cols-2">
              <legend className="px-1 text-xs font-semibold text-slate-700">{picked[i]?.name}</legend>
              <TextField label={t("description")} error={err(form.formState.errors.files?.[i]?.description)} {...form.register(`files.${i}.description`)} />
              <TextField label={t("source")} hint={t("sourceHint")} error={err(form.formState.errors.files?.[i]?.source)} {...form.register(`files.${i}.source`)} />
              <TextField label={t("capturedAt")} placeholder="2026-11-30" error={err(form.formState.errors.files?.[i]?.capturedAt)} {...form.register(`files.${i}.capturedAt`)} />
              <TextField label={t("tags")} hint={t("tagsHint")} error={err(form.formState.errors.files?.[i]?.tags)} {...form.register(`files.${i}.tags`)} />
            </fieldset>
          ))}
          <div className="flex gap-2">
            <Button type="submit">{t("start", { count: rows.fields.length })}</Button>
            <Button
              type="button"
              variant="quiet"
              onClick={() => {
                setPicked([]);
                rows.replace([]);
              }}
            >
              {t("clear")}
            </Button>
          </div>
        </form>
      )}
      {uploads.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded border border-slate-200" aria-label={t("list")}>
          {uploads.map((u) => (
            <UploadProgressRow key={u.key} upload={u} onCancel={() => void controllers.current.get(u.key)?.cancel()} onRetry={() => retry(u.key)} />
          ))}
        </ul>
      )}
    </section>
  );
}
