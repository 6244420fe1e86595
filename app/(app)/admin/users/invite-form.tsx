"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { orgRoles } from "@/lib/auth/roles";
import { inviteSchema } from "@/lib/users/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { SelectField } from "@/app/_components/form/select-field";
import { TextField } from "@/app/_components/form/text-field";
import { inviteAction } from "@/app/_actions/users";
import { OneTimeLink } from "./one-time-link";

type Form = z.input<typeof inviteSchema>;

export function InviteForm() {
  const t = useTranslations("admin");
  const te = useTranslations("errors");
  const tr = useTranslations("roles");
  const [created, setCreated] = useState<{ token: string; email: string; mailed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(inviteSchema), defaultValues: { email: "", role: "caseworker" } });

  async function submit(values: Form) {
    setError(null);
    setCreated(null);
    const result = await inviteAction(values);
    if (result.ok) {
      setCreated({ ...result.data, email: values.email.trim().toLowerCase() });
      form.reset({ email: "", role: values.role });
    } else {
      setError(result.error === "conflict" ? "email.taken" : "unavailable");
    }
  }

  return (
    <section aria-labelledby="invite-title" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="invite-title" className="text-sm font-semibold text-slate-900">
        {t("inviteTitle")}
      </h2>
      <form onSubmit={form.handleSubmit(submit)} noValidate className="mt-3 flex flex-wrap items-start gap-3">
        <div className="w-72">
          <TextField label={t("email")} type="email" error={form.formState.errors.email?.message && te(form.formState.errors.email.message)} {...form.register("email")} />
        </div>
        <div className="w-48">
          <SelectField label={t("role")} options={orgRoles.map((r) => ({ value: r, label: tr(r) }))} {...form.register("role")} />
        </div>
        <Button type="submit" className="mt-6" disabled={form.formState.isSubmitting}>
          {t("inviteSubmit")}
        </Button>
      </form>
      <div className="mt-3 space-y-2">
        {error && <FormAlert>{te(error)}</FormAlert>}
        {created && <OneTimeLink {...created} />}
      </div>
    </section>
  );
}
