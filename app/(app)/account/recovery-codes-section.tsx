"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { regenerateRecoveryCodesAction } from "@/app/_actions/account";
import { RecoveryCodesList } from "@/app/_components/enrolment/recovery-codes-list";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { TextField } from "@/app/_components/form/text-field";
import { regenerateRecoveryCodesWireSchema } from "@/lib/account/schema";
import { RECOVERY_CODE_TOTAL } from "@/lib/account/recovery-code-count";
import { AccountSection } from "./account-section";

type Form = z.infer<typeof regenerateRecoveryCodesWireSchema>;
type Failure = { key: "wrong" | "wait" | "busy" | "unavailable"; seconds?: number };

/** How many recovery codes are left, and new ones (shown once) for the second factor. */
export function RecoveryCodesSection({ unused }: { unused: number }) {
  const t = useTranslations("recoveryCodes");
  const te = useTranslations("errors");
  const [left, setLeft] = useState(unused);
  const [fresh, setFresh] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(regenerateRecoveryCodesWireSchema), defaultValues: { secondFactor: "" } });
  const { errors, isSubmitting } = form.formState;

  async function submit(values: Form) {
    setFailure(null);
    const result = await regenerateRecoveryCodesAction(values);
    form.reset();
    if (result.ok) {
      setFresh(result.data.recoveryCodes);
      setLeft(result.data.recoveryCodes.length);
      return;
    }
    if (result.error === "rate_limited") return setFailure({ key: "wait", seconds: result.retryAfterSeconds ?? 1 });
    setFailure({ key: result.error === "invalid_input" ? "wrong" : result.reason === "busy" ? "busy" : "unavailable" });
  }

  return (
    <AccountSection id="recovery" title={t("accountTitle")}>
      <p className="mt-1 text-sm text-slate-700" data-testid="recovery-codes-left">
        {t("left", { count: left, total: RECOVERY_CODE_TOTAL })}
      </p>
      {fresh ? (
        <div className="mt-3 space-y-2">
          <FormAlert tone="success">{t("newOnce")}</FormAlert>
          <RecoveryCodesList codes={fresh} />
        </div>
      ) : (
        <form onSubmit={form.handleSubmit(submit)} noValidate method="post" className="mt-3 max-w-md space-y-4">
          {failure && <FormAlert>{t(`failure.${failure.key}`, { seconds: failure.seconds ?? 1 })}</FormAlert>}
          <TextField
            label={t("secondFactor")}
            autoComplete="one-time-code"
            hint={t("regenerateHint")}
            error={errors.secondFactor?.message && te(errors.secondFactor.message)}
            {...form.register("secondFactor")}
          />
          <Button type="submit" variant="secondary" disabled={isSubmitting}>
            {t("regenerate")}
          </Button>
        </form>
      )}
    </AccountSection>
  );
}
