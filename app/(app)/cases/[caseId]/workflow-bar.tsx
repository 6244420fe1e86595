"use client";

import { Dialog, DialogPanel, DialogTitle } from "@headlessui/react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { useVault } from "@/lib/account/vault";
import { sealCurrent } from "@/lib/cases/open-case-client";
import type { CaseDetail } from "@/lib/cases/schema";
import { availableTransitions, isCaseState, requiresReason, type TransitionName } from "@/lib/workflow/machine";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { TextareaField } from "@/app/_components/form/textarea-field";
import { transitionAction } from "@/app/_actions/cases";
import type { Me } from "./me";

const reasonForm = z.object({ reason: z.string().trim().max(4000, "text.tooLong") });
type ReasonForm = z.infer<typeof reasonForm>;

/** The moves this member may make from here; the server re-checks every guard. */
export function WorkflowBar({ detail, me, keyring }: { detail: CaseDetail; me: Me; keyring: CaseKeyring | null }) {
  const t = useTranslations("workflow");
  const te = useTranslations("errors");
  const router = useRouter();
  const vault = useVault();
  const [chosen, setChosen] = useState<TransitionName | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const form = useForm<ReasonForm>({ resolver: zodResolver(reasonForm), defaultValues: { reason: "" } });
  if (!isCaseState(detail.state)) return null;
  const heldFrom = detail.heldFrom && isCaseState(detail.heldFrom) ? detail.heldFrom : null;
  const moves = availableTransitions({ state: detail.state, heldFrom, actor: { orgRole: me.orgRole, caseRole: detail.myRole } });

  async function submit({ reason }: ReasonForm) {
    if (!chosen || !keyring) return;
    if (requiresReason(chosen) && !reason) {
      form.setError("reason", { message: "workflow.reasonRequired" });
      return;
    }
    setRefusal(null);
    if (reason && !vault) return setRefusal(te("unavailable"));
    const sealed = reason && vault ? await sealCurrent(detail, keyring, { type: "transition_reason", id: crypto.randomUUID(), version: 1, value: { reason } }, { author: vault, prev: null }) : null;
    const result = await transitionAction({ caseId: detail.id, transition: chosen, reason: sealed });
    setChosen(null);
    form.reset();
    // Refused or not, show the case as it is now (someone may have moved it meanwhile).
    router.refresh();
    if (!result.ok) setRefusal(result.reason?.startsWith("workflow.") ? t(`refusals.${result.reason.slice("workflow.".length)}`) : te("unavailable"));
  }

  return (
    <div className="space-y-2">
      {refusal && <FormAlert>{t("refused", { reason: refusal })}</FormAlert>}
      {moves.length > 0 && (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-slate-500">{t("next")}</span>
          {moves.map((move) => (
            <Button key={move} variant="secondary" disabled={!keyring} onClick={() => setChosen(move)}>
              {t(`transitions.${move}`)}
            </Button>
          ))}
        </div>
      )}
      <Dialog open={chosen !== null} onClose={() => setChosen(null)} className="relative z-40">
        <div className="fixed inset-0 bg-slate-900/30" aria-hidden="true" />
        <div className="fixed inset-0 flex items-center justify-center p-4">
          <DialogPanel className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl">
            <DialogTitle className="text-base font-semibold text-slate-900">{chosen ? t(`transitions.${chosen}`) : ""}</DialogTitle>
            <form onSubmit={form.handleSubmit(submit)} noValidate className="mt-3 space-y-4">
              <TextareaField
                label={chosen && requiresReason(chosen) ? t("reasonRequired") : t("reasonOptional")}
                hint={t("reasonHint")}
                error={form.formState.errors.reason?.message && te(form.formState.errors.reason.message)}
                {...form.register("reason")}
              />
              <div className="flex justify-end gap-2">
                <Button type="button" variant="secondary" onClick={() => setChosen(null)}>
                  {t("cancel")}
                </Button>
                <Button type="submit" disabled={form.formState.isSubmitting}>
                  {t("confirm")}
                </Button>
              </div>
            </form>
          </DialogPanel>
        </div>
      </Dialog>
    </div>
  );
}
