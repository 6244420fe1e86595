"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useFieldArray, useForm } from "react-hook-form";
import { personProfileFormSchema, riskLevels, type PersonProfile, type PersonProfileDraft } from "@/lib/cases/schema";
import { Button } from "../form/button";
import { CancelAndSubmit } from "../form/cancel-and-submit";
import { SelectField } from "../form/select-field";
import { TextField } from "../form/text-field";
import { TextareaField } from "../form/textarea-field";
import { useErrorMessage } from "../form/use-error-message";

/**
 * The person at risk. Everything typed here is encrypted in this browser
 * before it is sent; the form is long, so it is grouped and calm.
 */
export function ProfileForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  /** A stored profile to edit, or `emptyProfile` (no risk level chosen yet). */
  initial: PersonProfileDraft;
  submitLabel: string;
  busy: boolean;
  onSubmit: (profile: PersonProfile) => void;
  onCancel?: () => void;
}) {
  const t = useTranslations("profile");
  const form = useForm<PersonProfileDraft, unknown, PersonProfile>({ resolver: zodResolver(personProfileFormSchema), defaultValues: initial });
  const aliases = useFieldArray({ control: form.control, name: "aliases" });
  const contacts = useFieldArray({ control: form.control, name: "contacts" });
  const err = useErrorMessage();
  const { errors } = form.formState;

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="space-y-6" aria-busy={busy}>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">{t("identity")}</legend>
        <TextField label={t("fullName")} hint={t("fullNameHint")} error={err(errors.fullName)} {...form.register("fullName")} />
        <div className="space-y-2">
          {aliases.fields.map((field, i) => (
            <div key={field.id} className="flex items-end gap-2">
              <div className="flex-1">
                <TextField label={t("alias", { n: i + 1 })} error={err(errors.aliases?.[i]?.name)} {...form.register(`aliases.${i}.name`)} />
              </div>
              <Button type="button" variant="quiet" onClick={() => aliases.remove(i)}>
                {t("remove")}
              </Button>
            </div>
          ))}
          <Button type="button" variant="secondary" onClick={() => aliases.append({ name: "" })}>
            {t("addAlias")}
          </Button>
        </div>
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField label={t("dateOfBirth")} placeholder="1985-03-14" hint={t("dateOfBirthHint")} error={err(errors.dateOfBirth)} {...form.register("dateOfBirth")} />
          <TextField label={t("nationalities")} error={err(errors.nationalities)} {...form.register("nationalities")} />
          <TextField label={t("languages")} error={err(errors.languages)} {...form.register("languages")} />
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">{t("whereabouts")}</legend>
        <TextareaField label={t("currentLocation")} error={err(errors.currentLocation)} {...form.register("currentLocation")} />
        <TextareaField label={t("safeContact")} hint={t("safeContactHint")} error={err(errors.safeContact)} {...form.register("safeContact")} />
        <div className="space-y-2">
          {contacts.fields.map((field, i) => (
            <div key={field.id} className="grid items-end gap-2 rounded border border-slate-200 p-3 sm:grid-cols-[1fr_1fr_2fr_auto]">
              <TextField label={t("contactName")} error={err(errors.contacts?.[i]?.name)} {...form.register(`contacts.${i}.name`)} />
              <TextField label={t("contactRelation")} error={err(errors.contacts?.[i]?.relation)} {...form.register(`contacts.${i}.relation`)} />
              <TextField label={t("contactDetails")} error={err(errors.contacts?.[i]?.details)} {...form.register(`contacts.${i}.details`)} />
              <Button type="button" variant="quiet" onClick={() => contacts.remove(i)}>
                {t("remove")}
              </Button>
            </div>
          ))}
          <Button type="button" variant="secondary" onClick={() => contacts.append({ name: "", relation: "", details: "" })}>
            {t("addContact")}
          </Button>
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-900">{t("risk")}</legend>
        <div className="sm:w-56">
          <SelectField
            label={t("riskLevel")}
            options={[{ value: "", label: t("riskChoose") }, ...riskLevels.map((r) => ({ value: r, label: t(`riskLevels.${r}`) }))]}
            error={err(errors.riskLevel)}
            aria-required
            {...form.register("riskLevel")}
          />
        </div>
        <TextareaField label={t("riskReason")} error={err(errors.riskReason)} {...form.register("riskReason")} />
        <TextareaField label={t("vulnerabilities")} error={err(errors.vulnerabilities)} {...form.register("vulnerabilities")} />
        <TextareaField label={t("notes")} rows={5} error={err(errors.notes)} {...form.register("notes")} />
      </fieldset>

      <div className="flex items-center justify-end gap-2 border-t border-slate-200 pt-4">
        <CancelAndSubmit submitLabel={submitLabel} cancelLabel={t("cancel")} busy={busy} onCancel={onCancel} />
      </div>
    </form>
  );
}
