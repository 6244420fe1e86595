"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, type FieldError } from "react-hook-form";
import { z } from "zod";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { reviewStatuses, type ReviewStatus } from "@/lib/evidence/wire";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { SelectField } from "@/app/_components/form/select-field";
import { TextareaField } from "@/app/_components/form/textarea-field";
import { reviewEvidenceAction } from "../../../evidence/actions";

const reviewForm = z.object({ status: z.enum(reviewStatuses), note: z.string().trim().max(10_000, "text.tooLong") });
type ReviewForm = z.infer<typeof reviewForm>;

/** A lawyer's review: the status (plaintext, for filtering) and a note (sealed). */
export type SealNote = (evidenceId: string, note: string) => Promise<SealedRecordWire>;

export function ReviewForm({ caseId, evidenceId, current, sealNote, onDone }: { caseId: string; evidenceId: string; current: ReviewStatus; sealNote: SealNote; onDone: () => void }) {
  const t = useTranslations("evidence.review");
  const te = useTranslations("errors");
  const [failed, setFailed] = useState(false);
  const form = useForm<ReviewForm>({ resolver: zodResolver(reviewForm), defaultValues: { status: current, note: "" } });
  const err = (e: FieldError | undefined) => (e?.message ? te(e.message) : undefined);

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
    <form onSubmit={(e) => void submit(e)} noValidate className="mt-2 grid gap-2 rounded border border-slate-200 bg-slate-50 p-3 sm:grid-cols-[14rem_1fr]" aria-label={t("title")}>
      {failed && (
        <div className="sm:col-span-2">
          <FormAlert>{te("unavailable")}</FormAlert>
        </div>
      )}
      <SelectField label={t("status")} options={reviewStatuses.map((s) => ({ value: s, label: t(`statuses.${s}`) }))} {...form.register("status")} />
      <TextareaField label={t("note")} hint={t("noteHint")} rows={2} error={err(form.formState.errors.note)} {...form.register("note")} />
      <div className="sm:col-span-2">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {t("save")}
        </Button>
      </div>
    </form>
  );
}
