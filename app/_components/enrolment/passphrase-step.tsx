"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { z } from "zod";
import { assessPassphrase, type Strength } from "@/lib/account/passphrase-strength";
import { passphraseSchema } from "@/lib/account/schema";
import { Button } from "../form/button";
import { SecretForm, SecretSubmit } from "../form/secret-form";
import { TextField } from "../form/text-field";

const formSchema = z
  .object({ passphrase: passphraseSchema, confirm: z.string() })
  .refine((v) => v.passphrase === v.confirm, { path: ["confirm"], message: "passphrase.mismatch" });
type Form = z.infer<typeof formSchema>;

/** Choose a passphrase: length limits, a strength meter, common passwords refused. */
export function PassphraseStep({ userInputs, onDone, onBack }: { userInputs: string[]; onDone: (passphrase: string) => void; onBack?: () => void }) {
  const t = useTranslations("enrol");
  const te = useTranslations("errors");
  const form = useForm<Form>({ resolver: zodResolver(formSchema), defaultValues: { passphrase: "", confirm: "" } });
  const passphrase = useWatch({ control: form.control, name: "passphrase" });
  const [strength, setStrength] = useState<Strength | null>(null);

  useEffect(() => {
    let live = true;
    if (!passphrase) return;
    void assessPassphrase(passphrase, userInputs).then((s) => live && setStrength(s));
    return () => {
      live = false;
    };
  }, [passphrase, userInputs]);

  async function submit(values: Form) {
    const verdict = await assessPassphrase(values.passphrase, userInputs);
    if (verdict.problem) {
      form.setError("passphrase", { message: `passphrase.${verdict.problem}` });
      return;
    }
    onDone(values.passphrase);
  }

  const shown = passphrase ? strength : null;
  return (
    <SecretForm onSubmit={form.handleSubmit(submit)} className="space-y-4">
      <p className="text-sm text-slate-600">{t("passphraseLead")}</p>
      <TextField
        label={t("passphrase")}
        type="password"
        autoComplete="new-password"
        hint={t("passphraseHint")}
        error={form.formState.errors.passphrase?.message && te(form.formState.errors.passphrase.message)}
        {...form.register("passphrase")}
      />
      <StrengthMeter strength={shown} />
      <TextField
        label={t("confirm")}
        type="password"
        autoComplete="new-password"
        error={form.formState.errors.confirm?.message && te(form.formState.errors.confirm.message)}
        {...form.register("confirm")}
      />
      <div className="flex justify-between">
        {onBack ? (
          <Button type="button" variant="secondary" onClick={onBack}>
            {t("back")}
          </Button>
        ) : (
          <span />
        )}
        <SecretSubmit disabled={form.formState.isSubmitting}>
          {t("continue")}
        </SecretSubmit>
      </div>
    </SecretForm>
  );
}

function StrengthMeter({ strength }: { strength: Strength | null }) {
  const t = useTranslations("enrol.strength");
  const score = strength?.score ?? 0;
  const colour = !strength ? "bg-slate-200" : strength.problem ? "bg-red-600" : score >= 4 ? "bg-emerald-600" : "bg-amber-500";
  return (
    <div className="space-y-1">
      <div className="flex gap-1" aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <span key={i} className={`h-1.5 flex-1 rounded ${strength && i < Math.max(score, 1) ? colour : "bg-slate-200"}`} />
        ))}
      </div>
      <p className="text-xs text-slate-600" aria-live="polite">
        {strength ? t(strength.problem ?? (score >= 4 ? "strong" : "good")) : t("empty")}
      </p>
    </div>
  );
}
