"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { reviewStatuses, type ReviewStatus } from "@/lib/evidence/wire";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { SelectField } from "@/app/_components/form/select-field";
import { TextareaField } from "@/app/_components/form/textarea-field";
import { useErrorMessage } from "@/app/_components/form/use-error-message";
import { reviewEvidenceAction } from "@/app/_actions/evidence";

const reviewForm = z.object({ status: z.enum(reviewStatuses), note: z.string().trim().max(10_000, "text.tooLong") });
type ReviewForm = z.infer<typeof reviewForm>;

/** A lawyer's review: the status (plaintext, for filtering) and a note (sealed). */
export type SealNote = (evidenceId: string, note: string) => Promise<SealedRecordWire>;

/** Opens with the focus on its first field; Escape or Cancel closes it without saving. */
export function ReviewForm({
  caseId,
  evidenceId,
  name,
  current,
  sealNote,
  onDone,
  onCancel,
}: {
  caseId: string;
  evidenceId: string;
  /** The file's name: the form says what it reviews (the preview beside it may be scrolled away). */
  name: string;
  current: ReviewStatus;
  sealNote: SealNote;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useTranslations("evidence.review");
  const te = useTranslations("errors");
  const [failed, setFailed] = useState(false);
  const form = useForm<ReviewForm>({ resolver: zodResolver(reviewForm), defaultValues: { status: current, note: "" } });
  const err = useErrorMessage();
  // Opened from the item's Review button: the person continues in the form, not back at the top of the page.
  const { setFocus } = form;
  useEffect(() => setFocus("status"), [setFocus]);

  const submit = form.handleSubmit(async ({ status, note }) => {
    setFailed(false);
    try {
      const sealed = note ? await sealNote(evidenceId, note) : null;
      const result = await reviewEvidenceAction({ caseId, evidenceId, status, note: sealed });
      if (result.ok) onDone();
      else setFailed(true);
    } catch {
      setFailed(true);
    }
  });

  return (
    <form
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !form.formState.isSubmitting) {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
      data-closes-on-escape
      className="grid content-start gap-3 rounded border border-slate-200 bg-slate-50 p-3"
      aria-label={t("title")}
    >
      <p className="min-w-0 text-xs text-slate-600">
        <span className="font-semibold text-slate-900">{t("title")}</span> · <span className="break-all">{name}</span>
      </p>
      {failed && <FormAlert>{te("unavailable")}</FormAlert>}
      <SelectField label={t("status")} options={reviewStatuses.map((s) => ({ value: s, label: t(`statuses.${s}`) }))} {...form.register("status")} />
      <TextareaField label={t("note")} hint={t("noteHint")} rows={4} error={err(form.formState.errors.note)} {...form.register("note")} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {t("save")}
        </Button>
        <Button type="button" variant="quiet" onClick={onCancel} disabled={form.formState.isSubmitting}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
