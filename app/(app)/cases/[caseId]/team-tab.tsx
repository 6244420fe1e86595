"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useVault } from "@/lib/account/vault";
import { allowsCaseAction } from "@/lib/auth/policy";
import { grantCaseKey, rotateCaseKey, type CaseKeyring } from "@/lib/cases/case-keys";
import { wipe } from "@/lib/crypto/encoding";
import { caseRoleSchema, type CaseDetail, type MemberKeys } from "@/lib/cases/schema";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { SelectField } from "@/app/_components/form/select-field";
import { addMemberAction, removeMemberAction, reshareKeyAction } from "../actions";
import type { Me } from "./case-workspace";
import { useFingerprint } from "./use-fingerprint";

function Fingerprint({ member }: { member: MemberKeys }) {
  const t = useTranslations("team");
  const value = useFingerprint(member);
  return (
    <span className="block font-mono text-[11px] tracking-wide text-slate-500" title={t("fingerprintHint")}>
      {value ?? "…"}
    </span>
  );
}

/** Before a re-share: the new key's fingerprint, to compare with the person face to face. */
function ReshareDialog({ member, onConfirm, onClose }: { member: MemberKeys | null; onConfirm: () => void; onClose: () => void }) {
  const t = useTranslations("team");
  const value = useFingerprint(member);
  return (
    <ConfirmDialog
      open={member !== null}
      title={t("reshareTitle", { name: member?.displayName ?? "" })}
      body={t("reshareBody", { fingerprint: value ?? "…" })}
      confirmLabel={t("reshare")}
      cancelLabel={t("cancel")}
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}

const addSchema = z.object({ userId: z.uuid("team.pickPerson"), role: caseRoleSchema });
type AddForm = z.infer<typeof addSchema>;

/**
 * The case team. Adding seals the current case key to the new member's
 * public key; removing starts a new key epoch sealed to everyone else.
 */
export function TeamTab({ detail, me, keyring }: { detail: CaseDetail; me: Me; keyring: CaseKeyring }) {
  const t = useTranslations("team");
  const tc = useTranslations("caseRoles");
  const to = useTranslations("roles");
  const te = useTranslations("errors");
  const account = useVault();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<MemberKeys | null>(null);
  const [resharing, setResharing] = useState<MemberKeys | null>(null);
  const people = new Map(detail.people.map((p) => [p.userId, p]));
  const canManage = allowsCaseAction(me.orgRole, detail.myRole, "case.manage_team");
  const canReshare = allowsCaseAction(me.orgRole, detail.myRole, "case.reshare_key");
  const candidates = detail.people.filter((p) => p.active && p.orgRole !== "admin" && !detail.memberIds.includes(p.userId));
  const form = useForm<AddForm>({ resolver: zodResolver(addSchema), defaultValues: { userId: "", role: "member" } });
  const currentKey = keyring.get(detail.currentEpoch);

  async function run(task: () => Promise<{ ok: boolean; error?: string }>) {
    setBusy(true);
    setError(null);
    try {
      const result = await task();
      if (result.ok) router.refresh();
      else setError(result.error === "conflict" ? "team.conflict" : "unavailable");
    } catch {
      // No answer (network, or the server died): the change may have committed.
      setError("noAnswer");
    } finally {
      setBusy(false);
    }
  }

  const add = (values: AddForm) =>
    run(async () => {
      const recipient = people.get(values.userId);
      if (!recipient || !account || !currentKey) return { ok: false };
      const grant = await grantCaseKey({ caseId: detail.id, epoch: detail.currentEpoch, caseKey: currentKey, recipient, me: account });
      const result = await addMemberAction({ caseId: detail.id, userId: values.userId, role: values.role, grant });
      if (result.ok) form.reset({ userId: "", role: values.role });
      return result;
    });

  const remove = (member: MemberKeys) =>
    run(async () => {
      if (!account) return { ok: false };
      const remaining = detail.memberIds.filter((id) => id !== member.userId).flatMap((id) => people.get(id) ?? []);
      const rotated = await rotateCaseKey({ caseId: detail.id, newEpoch: detail.currentEpoch + 1, remaining, me: account });
      try {
        return await removeMemberAction({ caseId: detail.id, userId: member.userId, epoch: rotated.epoch, grants: rotated.grants });
      } finally {
        wipe(rotated.caseKey);
      }
    });

  const reshare = (member: MemberKeys) =>
    run(async () => {
      if (!account || !currentKey) return { ok: false };
      const grant = await grantCaseKey({ caseId: detail.id, epoch: detail.currentEpoch, caseKey: currentKey, recipient: member, me: account });
      return reshareKeyAction({ caseId: detail.id, userId: member.userId, grant });
    });

  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      {error && (
        <div className="p-3">
          <FormAlert>{te(error)}</FormAlert>
        </div>
      )}
      <ul className="divide-y divide-slate-100">
        {detail.members.map((m) => {
          const person = people.get(m.userId);
          return (
            <li key={m.userId} data-testid={`member-${person?.displayName ?? m.userId}`} className="flex flex-wrap items-center gap-3 px-4 py-2.5 text-sm">
              <span>
                <span className="font-medium text-slate-900">{person?.displayName ?? t("unknownPerson")}</span>
                {person && <Fingerprint member={person} />}
              </span>
              <span className="text-xs text-slate-500">{person ? to(person.orgRole) : ""}</span>
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{tc(m.caseRole)}</span>
              {m.needsKeyShare && <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900">{t("needsKeyShare")}</span>}
              <span className="ml-auto flex gap-1">
                {m.needsKeyShare && canReshare && person && (
                  <Button variant="secondary" disabled={busy || !currentKey} onClick={() => setResharing(person)}>
                    {t("reshare")}
                  </Button>
                )}
                {canManage && m.userId !== me.userId && person && (
                  <Button variant="quiet" disabled={busy} onClick={() => setRemoving(person)}>
                    {t("remove")}
                  </Button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {canManage && (
        <form onSubmit={form.handleSubmit(add)} noValidate className="flex flex-wrap items-start gap-3 border-t border-slate-200 p-4">
          <div className="w-72">
            <SelectField
              label={t("person")}
              options={[{ value: "", label: t("choose") }, ...candidates.map((p) => ({ value: p.userId, label: `${p.displayName} · ${to(p.orgRole)}` }))]}
              error={form.formState.errors.userId?.message && te(form.formState.errors.userId.message)}
              {...form.register("userId")}
            />
          </div>
          <div className="w-40">
            <SelectField label={t("caseRole")} options={caseRoleSchema.options.map((r) => ({ value: r, label: tc(r) }))} {...form.register("role")} />
          </div>
          <Button type="submit" className="mt-6" disabled={busy || !currentKey}>
            {t("add")}
          </Button>
        </form>
      )}
      <ReshareDialog
        member={resharing}
        onConfirm={() => {
          const member = resharing;
          setResharing(null);
          if (member) void reshare(member);
        }}
        onClose={() => setResharing(null)}
      />
      <ConfirmDialog
        open={removing !== null}
        title={t("removeTitle", { name: removing?.displayName ?? "" })}
        body={t("removeBody")}
        confirmLabel={t("remove")}
        cancelLabel={t("cancel")}
        onConfirm={() => {
          const member = removing;
          setRemoving(null);
          if (member) void remove(member);
        }}
        onClose={() => setRemoving(null)}
      />
    </section>
  );
}
