"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { changePassphraseAction, keyMaterialAction } from "@/app/_actions/account";
import { SecretForm, SecretSubmit } from "@/app/_components/form/secret-form";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { TextField } from "@/app/_components/form/text-field";
import { buildPassphraseChange } from "@/lib/account/change-passphrase-client";
import { assessPassphrase } from "@/lib/account/passphrase-strength";
import { passphraseSchema, secondFactorSchema } from "@/lib/account/schema";
import { AccountSection } from "./account-section";

const formSchema = z
  .object({ current: z.string().min(1, "passphrase.required"), secondFactor: secondFactorSchema, next: passphraseSchema, confirm: z.string() })
  .refine((v) => v.next === v.confirm, { path: ["confirm"], message: "passphrase.mismatch" });
type Form = z.infer<typeof formSchema>;

export function ChangePassphraseForm() {
  const t = useTranslations("account");
  const te = useTranslations("errors");
  const [outcome, setOutcome] = useState<{ key: "done" | "wrong" | "wait" | "busy" | "unavailable"; seconds?: number } | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(formSchema), defaultValues: { current: "", secondFactor: "", next: "", confirm: "" } });
  const { errors, isSubmitting } = form.formState;

  async function submit(values: Form) {
    setOutcome(null);
    const verdict = await assessPassphrase(values.next);
    if (verdict.problem) return form.setError("next", { message: `passphrase.${verdict.problem}` });
    const material = await keyMaterialAction(undefined);
    if (!material.ok) return setOutcome({ key: "unavailable" });
    const wire = await buildPassphraseChange(material.data, values.current, values.next, values.secondFactor);
    const result = await changePassphraseAction(wire);
    form.reset();
    if (result.ok) return setOutcome({ key: "done" });
    if (result.error === "rate_limited") return setOutcome({ key: "wait", seconds: result.retryAfterSeconds ?? 1 });
    setOutcome({ key: result.error === "invalid_input" ? "wrong" : result.reason === "busy" ? "busy" : "unavailable" });
  }

  const message = (key: string | undefined) => (key ? te(key) : undefined);
  return (
    <AccountSection id="passphrase" title={t("changePassphrase")}>
      <SecretForm onSubmit={form.handleSubmit(submit)} className="mt-3 max-w-md space-y-4">
        {outcome && <FormAlert tone={outcome.key === "done" ? "success" : "error"}>{t(`change.${outcome.key}`, { seconds: outcome.seconds ?? 1 })}</FormAlert>}
        <TextField label={t("currentPassphrase")} type="password" autoComplete="current-password" error={message(errors.current?.message)} {...form.register("current")} />
        <TextField label={t("secondFactor")} autoComplete="one-time-code" hint={t("secondFactorHint")} error={message(errors.secondFactor?.message)} {...form.register("secondFactor")} />
        <TextField label={t("newPassphrase")} type="password" autoComplete="new-password" hint={t("newPassphraseHint")} error={message(errors.next?.message)} {...form.register("next")} />
        <TextField label={t("confirmPassphrase")} type="password" autoComplete="new-password" error={message(errors.confirm?.message)} {...form.register("confirm")} />
        {isSubmitting && <ProgressNote>{t("working")}</ProgressNote>}
        <SecretSubmit disabled={isSubmitting}>
          {t("changeSubmit")}
        </SecretSubmit>
      </SecretForm>
    </AccountSection>
  );
}
