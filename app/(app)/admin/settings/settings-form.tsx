"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { orgSettingsSchema, type OrgSettings } from "@/lib/org/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { TextField } from "@/app/_components/form/text-field";
import { saveSettingsAction } from "./actions";

export function SettingsForm({ initial }: { initial: OrgSettings }) {
  const t = useTranslations("settings");
  const te = useTranslations("errors");
  const [outcome, setOutcome] = useState<"saved" | "failed" | null>(null);
  const form = useForm<z.input<typeof orgSettingsSchema>, unknown, OrgSettings>({ resolver: zodResolver(orgSettingsSchema), defaultValues: initial });

  async function submit(values: OrgSettings) {
    const result = await saveSettingsAction(values);
    setOutcome(result.ok ? "saved" : "failed");
  }

  return (
    <form onSubmit={form.handleSubmit(submit)} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      {outcome === "saved" && <FormAlert tone="success">{t("saved")}</FormAlert>}
      {outcome === "failed" && <FormAlert>{te("unavailable")}</FormAlert>}
      <div className="w-64">
        <TextField
          label={t("autoLock")}
          type="number"
          inputMode="numeric"
          min={1}
          max={240}
          hint={t("autoLockHint")}
          error={form.formState.errors.autoLockMinutes?.message && te(form.formState.errors.autoLockMinutes.message)}
          {...form.register("autoLockMinutes")}
        />
      </div>
      <Button type="submit" disabled={form.formState.isSubmitting}>
        {t("save")}
      </Button>
    </form>
  );
}
