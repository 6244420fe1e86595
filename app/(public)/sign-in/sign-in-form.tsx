"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { emailSchema, secondFactorSchema } from "@/lib/account/schema";
import { signInWithPassphrase, type SignInOutcome } from "@/lib/account/sign-in-client";
import { keyMaterialAction } from "@/app/_actions/account";
import { SecretForm, SecretSubmit } from "@/app/_components/form/secret-form";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { TextField } from "@/app/_components/form/text-field";

const formSchema = z.object({
  email: emailSchema,
  passphrase: z.string().min(1, "passphrase.required"),
  totp: secondFactorSchema,
});
type Form = z.infer<typeof formSchema>;

export function SignInForm({ enrolledEmail }: { enrolledEmail: string | null }) {
  const t = useTranslations("signIn");
  const te = useTranslations("errors");
  const router = useRouter();
  const [failure, setFailure] = useState<Exclude<SignInOutcome, { ok: true }> | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(formSchema), defaultValues: { email: enrolledEmail ?? "", passphrase: "", totp: "" } });
  const { errors, isSubmitting } = form.formState;

  async function submit(values: Form) {
    setFailure(null);
    const outcome = await signInWithPassphrase(values, async () => {
      const result = await keyMaterialAction(undefined);
      return result.ok ? result.data : null;
    }).catch((): SignInOutcome => ({ ok: false, error: "unavailable" }));
    if (outcome.ok) {
      // Only a navigation: "/" is dynamic, so it renders with the new session.
      // A refresh here raced it: refreshing /sign-in made its layout redirect
      // to "/" again, landing after the person had already moved on.
      router.replace("/");
      return;
    }
    form.resetField("passphrase");
    form.resetField("totp");
    setFailure(outcome);
  }

  const message = (key: string | undefined) => (key ? te(key) : undefined);
  const failureMessage = ({ error, retryAfterSeconds }: Exclude<SignInOutcome, { ok: true }>) =>
    error === "backoff" || error === "throttled" ? t(error, { seconds: retryAfterSeconds ?? 1 }) : t(error);
  return (
    <SecretForm onSubmit={form.handleSubmit(submit)} className="space-y-4" aria-busy={isSubmitting}>
      {enrolledEmail && !failure && <FormAlert tone="success">{t("enrolled")}</FormAlert>}
      {failure && <FormAlert>{failureMessage(failure)}</FormAlert>}
      <TextField label={t("email")} type="email" autoComplete="username" error={message(errors.email?.message)} {...form.register("email")} />
      <TextField label={t("passphrase")} type="password" autoComplete="current-password" error={message(errors.passphrase?.message)} {...form.register("passphrase")} />
      <TextField
        label={t("code")}
        autoComplete="one-time-code"
        maxLength={24}
        hint={t("codeHint")}
        error={message(errors.totp?.message)}
        {...form.register("totp")}
      />
      {isSubmitting ? <ProgressNote>{t("working")}</ProgressNote> : null}
      <SecretSubmit className="w-full" disabled={isSubmitting}>
        {t("submit")}
      </SecretSubmit>
    </SecretForm>
  );
}
