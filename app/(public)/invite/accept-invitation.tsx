"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { buildEnrolment } from "@/lib/account/enrol-client";
import { displayNameSchema, type InvitationView } from "@/lib/account/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { TextField } from "@/app/_components/form/text-field";
import { PassphraseStep } from "@/app/_components/enrolment/passphrase-step";
import { StepIndicator } from "@/app/_components/enrolment/step-indicator";
import { RecoveryCodesStep } from "@/app/_components/enrolment/recovery-codes-step";
import { TotpStep } from "@/app/_components/enrolment/totp-step";
import { acceptInvitationAction, lookupInvitationAction } from "@/app/_actions/invitations";

const nameSchema = z.object({ displayName: displayNameSchema });
type NameForm = z.infer<typeof nameSchema>;

type Lookup = { state: "loading" } | { state: "invalid"; reason: "not_found" | "expired" } | { state: "open"; token: string; invitation: InvitationView };

export function AcceptInvitation() {
  const t = useTranslations("invite");
  const te = useTranslations("errors");
  const tr = useTranslations("roles");
  const router = useRouter();
  const [lookup, setLookup] = useState<Lookup>({ state: "loading" });
  const [step, setStep] = useState(0);
  const [displayName, setDisplayName] = useState("");
  const [passphrase, setPassphrase] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [enrolled, setEnrolled] = useState<{ email: string; recoveryCodes: string[] } | null>(null);
  const form = useForm<NameForm>({ resolver: zodResolver(nameSchema), defaultValues: { displayName: "" } });

  useEffect(() => {
    const token = window.location.hash.slice(1);
    void lookupInvitationAction({ token }).then((result) =>
      setLookup(result.ok ? { state: "open", token, invitation: result.data } : { state: "invalid", reason: result.error === "expired" ? "expired" : "not_found" }),
    );
  }, []);

  if (lookup.state === "loading") return <ProgressNote>{t("checking")}</ProgressNote>;
  if (lookup.state === "invalid") return <FormAlert>{t(lookup.reason === "expired" ? "expired" : "invalid")}</FormAlert>;
  const { invitation, token } = lookup;

  async function finish(totpSecret: string, totpCode: string) {
    setBusy(true);
    setError(null);
    try {
      const userId = invitation.resetUserId ?? crypto.randomUUID();
      const enrolment = await buildEnrolment({ userId, passphrase, totpSecret, totpCode });
      const result = await acceptInvitationAction({ token, displayName, enrolment });
      if (result.ok) {
        setEnrolled(result.data);
        return;
      }
      setError(result.error === "expired" ? "invitation.expired" : result.error === "conflict" ? "email.taken" : result.error === "not_found" ? "invitation.used" : result.reason === "busy" ? "busy" : "unavailable");
    } catch {
      setError("unavailable");
    } finally {
      setBusy(false);
    }
  }

  if (enrolled) {
    const done = enrolled;
    return <RecoveryCodesStep codes={done.recoveryCodes} onDone={() => router.replace(`/sign-in?enrolled=${encodeURIComponent(done.email)}`)} />;
  }

  return (
    <div>
      <p className="mb-4 text-sm text-slate-700">
        {t(invitation.resetUserId ? "leadReset" : "lead", { organisation: invitation.organisation, role: tr(invitation.role), email: invitation.email })}
      </p>
      <StepIndicator steps={[t("stepName"), t("stepPassphrase"), t("stepTotp")]} current={step} />
      {error && <FormAlert>{te(error)}</FormAlert>}
      {step === 0 && (
        <form
          noValidate
          className="space-y-4"
          onSubmit={form.handleSubmit(({ displayName: name }) => {
            setDisplayName(name);
            setStep(1);
          })}
        >
          <TextField label={t("displayName")} autoComplete="name" hint={t("displayNameHint")} error={form.formState.errors.displayName?.message && te(form.formState.errors.displayName.message)} {...form.register("displayName")} />
          <div className="flex justify-end">
            <Button type="submit">{t("continue")}</Button>
          </div>
        </form>
      )}
      {step === 1 && (
        <PassphraseStep
          userInputs={[invitation.email, displayName, invitation.organisation]}
          onBack={() => setStep(0)}
          onDone={(value) => {
            setPassphrase(value);
            setStep(2);
          }}
        />
      )}
      {step === 2 && <TotpStep account={invitation.email} busy={busy} onBack={() => setStep(1)} onDone={finish} />}
      {busy && (
        <div className="mt-4">
          <ProgressNote>{t("working")}</ProgressNote>
        </div>
      )}
    </div>
  );
}
