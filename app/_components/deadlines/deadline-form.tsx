"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useForm } from "react-hook-form";
import { deadlineFormSchema, deadlineKinds, type DeadlineForm } from "@/lib/deadlines/schema";
import { CancelAndSubmit } from "../form/cancel-and-submit";
import { SelectField } from "../form/select-field";
import { TextField } from "../form/text-field";
import { TextareaField } from "../form/textarea-field";
import { useErrorMessage } from "../form/use-error-message";
import { TimeZoneField } from "./time-zone-field";
import { viewerZone } from "./viewer-zone";

export function emptyDeadlineForm(): DeadlineForm {
  return { kind: "hearing", title: "", court: "", venue: "", courtCaseNumber: "", timeZone: viewerZone(), date: "", time: "", notes: "", assigneeId: "" };
}

/** Add or edit a deadline. Everything but kind, due moment and assignee is encrypted before it is sent. */
export function DeadlineFormView({
  initial,
  people,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: DeadlineForm;
  people: { userId: string; name: string }[];
  submitLabel: string;
  busy: boolean;
  onSubmit: (form: DeadlineForm) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("deadlines");
  const form = useForm<DeadlineForm>({ resolver: zodResolver(deadlineFormSchema), defaultValues: initial });
  const err = useErrorMessage();
  const { errors } = form.formState;

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-3" aria-busy={busy} aria-label={submitLabel}>
      <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
        <SelectField label={t("kind")} options={deadlineKinds.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} error={err(errors.kind)} {...form.register("kind")} />
        <TextField label={t("title")} error={err(errors.title)} {...form.register("title")} />
      </div>
      <div className="grid gap-3 sm:grid-cols-[10rem_8rem_1fr]">
        <TextField label={t("date")} type="date" error={err(errors.date)} {...form.register("date")} />
        <TextField label={t("time")} type="time" hint={t("timeHint")} error={err(errors.time)} {...form.register("time")} />
        <TimeZoneField label={t("timeZone")} hint={t("timeZoneHint")} current={initial.timeZone} error={err(errors.timeZone)} {...form.register("timeZone")} />
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label={t("court")} error={err(errors.court)} {...form.register("court")} />
        <TextField label={t("venue")} error={err(errors.venue)} {...form.register("venue")} />
        <TextField label={t("courtCaseNumber")} error={err(errors.courtCaseNumber)} {...form.register("courtCaseNumber")} />
      </div>
      <SelectField
        label={t("assignee")}
        options={[{ value: "", label: t("nobody") }, ...people.map((p) => ({ value: p.userId, label: p.name }))]}
        error={err(errors.assigneeId)}
        {...form.register("assigneeId")}
      />
      <TextareaField label={t("notes")} rows={3} error={err(errors.notes)} {...form.register("notes")} />
      <div className="flex gap-2">
        <CancelAndSubmit submitLabel={submitLabel} cancelLabel={t("cancel")} busy={busy} onCancel={onCancel} />
      </div>
    </form>
  );
}
