"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import QRCode from "qrcode";
import { useEffect, useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { totpCodeSchema } from "@/lib/account/schema";
import { checkTotp, newTotpSecret, totpUri } from "@/lib/auth/totp";
import { Button } from "../form/button";
import { SecretForm, SecretSubmit } from "../form/secret-form";
import { TextField } from "../form/text-field";

const formSchema = z.object({ code: totpCodeSchema });
type Form = z.infer<typeof formSchema>;

/**
 * Enrol the second factor: the browser makes the secret, shows it as a QR
 * code and as text, and asks for one code from the app to prove the two agree.
 */
export function TotpStep({ account, busy, onDone, onBack }: { account: string; busy: boolean; onDone: (secret: string, code: string) => void; onBack: () => void }) {
  const t = useTranslations("enrol");
  const te = useTranslations("errors");
  const secret = useMemo(() => newTotpSecret(), []);
  const [qr, setQr] = useState<string | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(formSchema), defaultValues: { code: "" } });

  useEffect(() => {
    void QRCode.toDataURL(totpUri({ secret, account }), { margin: 1, width: 176, errorCorrectionLevel: "M" }).then(setQr);
  }, [secret, account]);

  function submit({ code }: Form) {
    if (!checkTotp(secret, code, { lastStep: null, now: new Date() }).ok) {
      form.setError("code", { message: "totp.mismatch" });
      return;
    }
    onDone(secret, code);
  }

  return (
    <SecretForm onSubmit={form.handleSubmit(submit)} className="space-y-4">
      <p className="text-sm text-slate-600">{t("totpLead")}</p>
      <div className="flex flex-wrap items-start gap-4">
        <div className="flex h-44 w-44 items-center justify-center rounded border border-slate-200 bg-white">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made in the browser; next/image adds nothing here */}
          {qr && <img src={qr} alt={t("qrAlt")} width={176} height={176} />}
        </div>
        <div className="min-w-0 flex-1 space-y-1">
          <p className="text-xs font-medium text-slate-700">{t("manualSecret")}</p>
          <code data-testid="totp-secret" className="block break-all rounded bg-slate-100 px-2 py-1.5 font-mono text-sm tracking-wider text-slate-900">
            {secret.match(/.{1,4}/g)?.join(" ")}
          </code>
          <p className="text-xs text-slate-500">{t("manualHint")}</p>
        </div>
      </div>
      <TextField
        label={t("code")}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        error={form.formState.errors.code?.message && te(form.formState.errors.code.message)}
        {...form.register("code")}
      />
      <div className="flex justify-between">
        <Button type="button" variant="secondary" onClick={onBack} disabled={busy}>
          {t("back")}
        </Button>
        <SecretSubmit disabled={busy}>
          {t("finish")}
        </SecretSubmit>
      </div>
    </SecretForm>
  );
}
