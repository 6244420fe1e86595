"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { AUTO_LOCK_MINUTES_MAX, orgLanguages, orgSettingsSchema, SESSION_HOURS_MAX, type OrgSettings } from "@/lib/org/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { SelectField } from "@/app/_components/form/select-field";
import { TextField } from "@/app/_components/form/text-field";
import { saveSettingsAction } from "@/app/_actions/org";
import { useErrorMessage } from "@/app/_components/form/use-error-message";

type FormInput = z.input<typeof orgSettingsSchema>;
const fields = ["autoLockMinutes", "sessionHours", "reminderDays", "reminderMail", "defaultLanguage"] as const;

/** The two bounded numbers of the security group, with the schema's bounds. */
const minuteAndHourFields = [
  { name: "autoLockMinutes", label: "autoLock", max: AUTO_LOCK_MINUTES_MAX },
  { name: "sessionHours", label: "sessionHours", max: SESSION_HOURS_MAX },
] as const;

/** The form's text for saved settings: the days as "7, 3, 1". */
function formValues(settings: OrgSettings): FormInput {
  return { ...settings, reminderDays: settings.reminderDays.join(", ") };
}

export function SettingsForm({ initial }: { initial: OrgSettings }) {
  const t = useTranslations("settings");
  const tl = useTranslations("language");
  const te = useTranslations("errors");
  const mailHintId = useId();
  const [outcome, setOutcome] = useState<"saved" | "invalid" | "failed" | null>(null);
  const form = useForm<FormInput, unknown, OrgSettings>({ resolver: zodResolver(orgSettingsSchema), defaultValues: formValues(initial) });
  const { errors } = form.formState;
  const err = useErrorMessage();

  async function submit(values: OrgSettings) {
    setOutcome(null);
    const result = await saveSettingsAction(values);
    if (result.ok) {
      form.reset(formValues(values));
      setOutcome("saved");
      return;
    }
    // The server checks with the same schema; should it still refuse, its reasons go beside the fields.
    for (const field of fields) {
      const message = result.fieldErrors?.[field]?.[0];
      if (message) form.setError(field, { message });
    }
    setOutcome(result.error === "invalid_input" ? "invalid" : "failed");
  }

  const legend = "px-1 text-sm font-semibold text-slate-900";
  const group = "space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5";
  return (
    <form onSubmit={form.handleSubmit(submit, () => setOutcome(null))} noValidate className="space-y-4">
      <fieldset className={group}>
        <legend className={legend}>{t("security")}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {minuteAndHourFields.map(({ name, label, max }) => (
            <TextField
              key={name}
              label={t(label)}
              type="number"
              inputMode="numeric"
              min={1}
              max={max}
              hint={t(`${label}Hint`)}
              error={err(errors[name])}
              {...form.register(name)}
            />
          ))}
        </div>
      </fieldset>

      <fieldset className={group}>
        <legend className={legend}>{t("deadlines")}</legend>
        <div className="sm:w-1/2 sm:pr-2">
          <TextField label={t("reminderDays")} inputMode="numeric" autoComplete="off" hint={t("reminderDaysHint")} error={err(errors.reminderDays)} {...form.register("reminderDays")} />
        </div>
        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input type="checkbox" className="size-4 rounded border-slate-300" aria-describedby={mailHintId} {...form.register("reminderMail")} />
            {t("reminderMail")}
          </label>
          <p id={mailHintId} className="pl-6 text-xs text-slate-500">
            {t("reminderMailHint")}
          </p>
        </div>
      </fieldset>

      <fieldset className={group}>
        <legend className={legend}>{t("languageGroup")}</legend>
        <div className="sm:w-1/2 sm:pr-2">
          <SelectField
            label={t("defaultLanguage")}
            options={orgLanguages.map((l) => ({ value: l, label: l === "browser" ? t("languageBrowser") : tl(l) }))}
            hint={t("defaultLanguageHint")}
            error={err(errors.defaultLanguage)}
            {...form.register("defaultLanguage")}
          />
        </div>
      </fieldset>

      <div className="space-y-3">
        {outcome === "saved" && <FormAlert tone="success">{t("saved")}</FormAlert>}
        {outcome === "invalid" && <FormAlert>{t("invalid")}</FormAlert>}
        {outcome === "failed" && <FormAlert>{te("unavailable")}</FormAlert>}
        <Button type="submit" disabled={form.formState.isSubmitting}>
          {t("save")}
        </Button>
      </div>
    </form>
  );
}
