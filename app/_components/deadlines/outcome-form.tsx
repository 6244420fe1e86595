"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useForm, useWatch } from "react-hook-form";
import { deadlineKinds, deadlineOutcomeFormSchema, type DeadlineOutcomeForm } from "@/lib/deadlines/schema";
import { CancelAndSubmit } from "../form/cancel-and-submit";
import { SelectField } from "../form/select-field";
import { TextField } from "../form/text-field";
import { TextareaField } from "../form/textarea-field";
import { useErrorMessage } from "../form/use-error-message";

/** Done / missed / cancelled with what happened; a decision can open the follow-up deadline in the same step. */
export function OutcomeFormView({
  initialOutcome,
  today,
  busy,
  onSubmit,
  onCancel,
}: {
  initialOutcome: string;
  today: string;
  busy: boolean;
  onSubmit: (form: DeadlineOutcomeForm) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("deadlines");
  const form = useForm<DeadlineOutcomeForm>({
    resolver: zodResolver(deadlineOutcomeFormSchema),
    defaultValues: { status: "done", outcome: initialOutcome, followUp: false, followUpKind: "appeal", followUpTitle: "", followUpDays: "", decisionDate: today },
  });
  const err = useErrorMessage();
  const { errors } = form.formState;
  const followUp = useWatch({ control: form.control, name: "followUp" });

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-3" aria-busy={busy} aria-label={t("recordOutcome")}>
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <SelectField
          label={t("newStatus")}
          options={(["done", "missed", "cancelled"] as const).map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
          {...form.register("status")}
        />
        <TextareaField label={t("outcome")} hint={t("outcomeHint")} rows={2} error={err(errors.outcome)} {...form.register("outcome")} />
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" className="size-4 rounded border-slate-300" {...form.register("followUp")} />
        {t("createFollowUp")}
      </label>
      {followUp && (
        <fieldset className="grid gap-3 rounded border border-slate-200 p-3 sm:grid-cols-[12rem_1fr_8rem_10rem]">
          <legend className="px-1 text-xs font-semibold text-slate-600">{t("followUp")}</legend>
          <SelectField label={t("kind")} options={deadlineKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} {...form.register("followUpKind")} />
          <TextField label={t("title")} error={err(errors.followUpTitle)} {...form.register("followUpTitle")} />
          <TextField label={t("days")} inputMode="numeric" hint={t("daysHint")} error={err(errors.followUpDays)} {...form.register("followUpDays")} />
          <TextField label={t("decisionDate")} type="date" error={err(errors.decisionDate)} {...form.register("decisionDate")} />
        </fieldset>
      )}
      <div className="flex gap-2">
        <CancelAndSubmit submitLabel={t("saveOutcome")} cancelLabel={t("cancel")} busy={busy} onCancel={onCancel} />
      </div>
    </form>
  );
}
