"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { buildEnrolment } from "@/lib/account/enrol-client";
import { setupWireSchema } from "@/lib/account/schema";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { SecretForm, SecretSubmit } from "@/app/_components/form/secret-form";
import { TextField } from "@/app/_components/form/text-field";
import { PassphraseStep } from "@/app/_components/enrolment/passphrase-step";
import { StepIndicator } from "@/app/_components/enrolment/step-indicator";
import { RecoveryCodesStep } from "@/app/_components/enrolment/recovery-codes-step";
import { TotpStep } from "@/app/_components/enrolment/totp-step";
import { checkSetupTokenAction, completeSetupAction } from "@/app/_actions/setup";

const detailsSchema = setupWireSchema.pick({ setupToken: true, organisationName: true, displayName: true, email: true });
type Details = z.infer<typeof detailsSchema>;

export function SetupForm() {
  const t = useTranslations("setup");
  const te = useTranslations("errors");
  const router = useRouter();
  const [step, setStep] = useState(0);
  const [details, setDetails] = useState<Details | null>(null);
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [enrolled, setEnrolled] = useState<{ email: string; recoveryCodes: string[] } | null>(null);
  const form = useForm<Details>({ resolver: zodResolver(detailsSchema), defaultValues: { setupToken: "", organisationName: "", displayName: "", email: "" } });

  /** Step one: the token is checked on the server now, not after the browser has spent seconds on keys. */
  async function submitDetails(values: Details) {
    setError(null);
    const result = await checkSetupTokenAction({ setupToken: values.setupToken }).catch(() => null);
    if (result?.ok) {
      setDetails(values);
      setStep(1);
    } else if (result && result.error === "invalid_input") {
      form.setError("setupToken", { message: "setup.tokenWrong" });
    } else {
      setError(result?.error === "not_found" ? "setup.alreadyDone" : "unavailable");
    }
  }

  async function finish(totpSecret: string, totpCode: string) {
    if (!details) return;
    setBusy(true);
    setError(null);
    try {
      const enrolment = await buildEnrolment({ userId: crypto.randomUUID(), passphrase, totpSecret, totpCode });
      const result = await completeSetupAction({ ...details, enrolment });
      if (result.ok) {
        setEnrolled(result.data);
        return;
      }
      if (result.reason === "setup.tokenWrong") {
        // The token changed meanwhile (e.g. a restart with another SETUP_TOKEN): back to the field that holds it.
        setStep(0);
        form.setError("setupToken", { message: "setup.tokenWrong" });
        return;
      }
      setError(result.error === "not_found" ? "setup.alreadyDone" : result.reason === "busy" ? "busy" : "unavailable");
    } catch {
      setError("unavailable");
    } finally {
      setBusy(false);
    }
  }

  const message = (key: string | undefined) => (key ? te(key) : undefined);
  if (enrolled) {
    const done = enrolled;
    return <RecoveryCodesStep codes={done.recoveryCodes} onDone={() => router.replace(`/sign-in?enrolled=${encodeURIComponent(done.email)}`)} />;
  }

  return (
    <div>
      <StepIndicator steps={[t("stepDetails"), t("stepPassphrase"), t("stepTotp")]} current={step} />
      {error && <FormAlert>{te(error)}</FormAlert>}
      {step === 0 && (
        <SecretForm className="space-y-4" onSubmit={form.handleSubmit(submitDetails)} aria-busy={form.formState.isSubmitting}>
          <TextField
            label={t("token")}
            autoComplete="off"
            spellCheck={false}
            hint={t("tokenHint")}
            error={message(form.formState.errors.setupToken?.message)}
            {...form.register("setupToken")}
          />
          <TextField label={t("organisation")} autoComplete="organization" error={message(form.formState.errors.organisationName?.message)} {...form.register("organisationName")} />
          <TextField label={t("displayName")} autoComplete="name" error={message(form.formState.errors.displayName?.message)} {...form.register("displayName")} />
          <TextField label={t("email")} type="email" autoComplete="email" error={message(form.formState.errors.email?.message)} {...form.register("email")} />
          <div className="flex justify-end">
            <SecretSubmit disabled={form.formState.isSubmitting}>{t("continue")}</SecretSubmit>
          </div>
        </SecretForm>
      )}
      {step === 1 && details && (
        <PassphraseStep
          userInputs={[details.email, details.displayName, details.organisationName]}
          onBack={() => setStep(0)}
          onDone={(value) => {
            setPassphrase(value);
            setStep(2);
          }}
        />
      )}
      {step === 2 && details && <TotpStep account={details.email} busy={busy} onBack={() => setStep(1)} onDone={finish} />}
      {busy && (
        <div className="mt-4">
          <ProgressNote>{t("working")}</ProgressNote>
        </div>
      )}
    </div>
  );
}
