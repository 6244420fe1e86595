"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { keyMaterialAction } from "@/app/_actions/account";
import { unlockWithPassphrase } from "@/lib/account/unlock-client";
import { storeUnlocked } from "@/lib/account/vault";
import { isCryptoError } from "@/lib/crypto/errors";
import { Button } from "../form/button";
import { SecretForm, SecretSubmit } from "../form/secret-form";
import { FormAlert } from "../form/form-alert";
import { ProgressNote } from "../form/progress-note";
import { CardPage } from "../card-page";
import { TextField } from "../form/text-field";

const formSchema = z.object({ passphrase: z.string().min(1, "passphrase.required") });
type Form = z.infer<typeof formSchema>;

export function UnlockScreen() {
  const t = useTranslations("unlock");
  const te = useTranslations("errors");
  const router = useRouter();
  const [failure, setFailure] = useState<"wrong" | "unavailable" | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(formSchema), defaultValues: { passphrase: "" } });

  async function submit({ passphrase }: Form) {
    setFailure(null);
    const material = await keyMaterialAction(undefined);
    if (!material.ok) {
      // The session ended meanwhile: start over at sign-in.
      if (material.error === "unauthenticated") router.replace("/sign-in");
      setFailure("unavailable");
      return;
    }
    try {
      storeUnlocked(await unlockWithPassphrase(passphrase, material.data));
    } catch (error) {
      form.resetField("passphrase");
      setFailure(isCryptoError(error, "damaged") ? "wrong" : "unavailable");
    }
  }

  return (
    <CardPage title={t("title")} lead={t("lead")} width="sm">
      <SecretForm onSubmit={form.handleSubmit(submit)} className="space-y-4">
        {failure && <FormAlert>{t(failure)}</FormAlert>}
        <TextField
          label={t("passphrase")}
          type="password"
          autoComplete="current-password"
          autoFocus
          error={form.formState.errors.passphrase?.message && te(form.formState.errors.passphrase.message)}
          {...form.register("passphrase")}
        />
        {form.formState.isSubmitting && <ProgressNote>{t("working")}</ProgressNote>}
        <div className="flex items-center justify-between">
          <Button type="button" variant="quiet" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
            {t("signOut")}
          </Button>
          <SecretSubmit disabled={form.formState.isSubmitting}>
            {t("submit")}
          </SecretSubmit>
        </div>
      </SecretForm>
    </CardPage>
  );
}
