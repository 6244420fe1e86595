"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { isCryptoError } from "@/lib/crypto/errors";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useVault } from "@/lib/account/vault";
import { allowsCaseAction } from "@/lib/auth/policy";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { caseRoleSchema, type CaseDetail, type MemberKeys } from "@/lib/cases/schema";
import { sealRemoval, sealShare } from "@/lib/cases/team-client";
import { keyStatus, pinning, type KeyStatus } from "@/lib/trust/keybook";
import type { ChainHead } from "@/lib/trust/membership-chain";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { SelectField } from "@/app/_components/form/select-field";
import { addMemberAction, removeMemberAction, reshareKeyAction } from "@/app/_actions/cases";
import { useTrustedPeople } from "../../_trust/use-trust";
import type { Me } from "./me";
import { SafetyNumberDialog, type SafetyCheck } from "./safety-number-dialog";
import { useFingerprint } from "./use-fingerprint";

function Fingerprint({ member }: { member: MemberKeys }) {
  const t = useTranslations("team");
  const value = useFingerprint(member);
  return (
    <span className="block font-mono text-[11px] tracking-wide text-slate-500" title={t("fingerprintHint")}>
      {/* Seen under the name; said with it for a screen reader. */}
      <span className="sr-only">{t("safetyNumber", { name: member.displayName })}: </span>
      {value ?? "…"}
    </span>
  );
}

const isCompared = (status: KeyStatus) => status.state === "pinned" && status.pinned.verified === "compared";

/**
 * How this browser trusts a member's keys: compared in person, first seen, or
 * changed since pinned — then nothing is shared with them until someone here
 * compares the new number ("waiting for a safety-number check").
 */
function TrustBadge({ status }: { status: KeyStatus }) {
  const t = useTranslations("team");
  if (status.state === "changed")
    return (
      <span data-testid="trust-waiting" className="rounded bg-red-50 px-1.5 py-0.5 text-xs text-red-800">
        <span className="font-medium">{t("trust.changed")}</span> · {t("trust.waiting")}
      </span>
    );
  if (isCompared(status)) return <span className="rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-800">{t("trust.compared")}</span>;
  return <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t("trust.notCompared")}</span>;
}

const addSchema = z.object({ userId: z.uuid("team.pickPerson"), role: caseRoleSchema });
type AddForm = z.infer<typeof addSchema>;

/**
 * The case team. Adding seals every epoch's case key to the new member's
 * public key; removing starts a new key epoch sealed to everyone else.
 */
export function TeamTab({ detail, me, keyring, head }: { detail: CaseDetail; me: Me; keyring: CaseKeyring; head: ChainHead | null }) {
  const t = useTranslations("team");
  const tc = useTranslations("caseRoles");
  const to = useTranslations("roles");
  const te = useTranslations("errors");
  const account = useVault();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<MemberKeys | null>(null);
  const [checking, setChecking] = useState<SafetyCheck | null>(null);
  const loaded = useTrustedPeople(detail.people);
  const trust = loaded === "failed" ? null : loaded;
  const people = new Map(detail.people.map((p) => [p.userId, p]));
  const canManage = allowsCaseAction(me.orgRole, detail.myRole, "case.manage_team");
  const canReshare = allowsCaseAction(me.orgRole, detail.myRole, "case.reshare_key");
  const candidates = detail.people.filter((p) => p.active && p.orgRole !== "admin" && !detail.memberIds.includes(p.userId));
  const form = useForm<AddForm>({ resolver: zodResolver(addSchema), defaultValues: { userId: "", role: "member" } });
  // Changes need the verified chain head: each one is signed as its next statement.
  const currentKey = head ? keyring.get(detail.currentEpoch) : undefined;
  const statusOf = (member: MemberKeys): KeyStatus => (trust ? keyStatus(trust.session.doc, member) : { state: "unknown" });

  async function run(task: () => Promise<{ ok: boolean; error?: string }>) {
    setBusy(true);
    setError(null);
    try {
      const result = await task();
      if (result.ok) router.refresh();
      else setError(result.error === "conflict" ? "team.conflict" : result.error === "untrusted_key" ? "team.untrustedKey" : "unavailable");
    } catch (failure) {
      // A key that is not pinned here (nothing was sealed), or no answer (the change may have committed).
      setError(isCryptoError(failure, "untrusted_key") ? "team.untrustedKey" : "noAnswer");
    } finally {
      setBusy(false);
    }
  }

  /** Shares every epoch's key with `member` and adds or re-shares (sealShare); `pin` pins them first. */
  async function share(member: MemberKeys, then: "add" | "reshare", role: AddForm["role"], pin?: () => Promise<unknown>) {
    if (!account || !currentKey || !trust || !head) return { ok: false };
    const signer = { account, keybook: trust.session, head };
    const change = then === "reshare" ? ("reshare" as const) : { add: role };
    const sealed = await sealShare({ ...signer, caseId: detail.id, currentEpoch: detail.currentEpoch, keyring, member, change, pin });
    if (then === "reshare") return reshareKeyAction({ caseId: detail.id, userId: member.userId, ...sealed });
    const result = await addMemberAction({ caseId: detail.id, userId: member.userId, role, ...sealed });
    if (result.ok) form.reset({ userId: "", role });
    return result;
  }

  /** Sharing needs keys compared in person; anything else asks first (SafetyNumberDialog). */
  function compareThenShare(member: MemberKeys, then: "add" | "reshare", role: AddForm["role"] = "member") {
    const status = statusOf(member);
    if (isCompared(status)) return void run(() => share(member, then, role));
    setChecking({ member, pinned: changedPin(member), then, role });
  }

  const confirmed = (check: SafetyCheck) =>
    run(async () => {
      if (!trust) return { ok: false };
      const pin = () => trust.session.update(pinning([check.member], "compared"));
      if (check.then === "pin") return pin().then(() => ({ ok: true }));
      return share(check.member, check.then, check.role ?? "member", pin);
    });

  const add = (values: AddForm) => {
    const recipient = people.get(values.userId);
    if (recipient) compareThenShare(recipient, "add", values.role);
  };

  const changedPin = (member: MemberKeys) => {
    const status = statusOf(member);
    return status.state === "changed" ? status.pinned : null;
  };

  const remove = (member: MemberKeys) =>
    run(async () => {
      if (!account || !trust || !head) return { ok: false };
      return removeMemberAction(await sealRemoval({ detail, userId: member.userId, account, keybook: trust.session, head }));
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
              {person && m.userId !== me.userId && trust && <TrustBadge status={statusOf(person)} />}
              {m.needsKeyShare && <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900">{t("needsKeyShare")}</span>}
              {person && !person.active && <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-900">{t("deactivatedPending")}</span>}
              <span className="ml-auto flex gap-1">
                {m.needsKeyShare && canReshare && person && (
                  <Button variant="secondary" disabled={busy || !currentKey || !trust} onClick={() => compareThenShare(person, "reshare")}>
                    {t("reshare")}
                  </Button>
                )}
                {/* Re-share compares first; anyone else who cannot re-share can still compare and pin. */}
                {!(m.needsKeyShare && canReshare) && person && m.userId !== me.userId && trust && !isCompared(statusOf(person)) && (
                  <Button variant="quiet" disabled={busy} onClick={() => setChecking({ member: person, pinned: changedPin(person), then: "pin" })}>
                    {t("compare")}
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
          <Button type="submit" className="mt-6" disabled={busy || !currentKey || !trust}>
            {t("add")}
          </Button>
        </form>
      )}
      <SafetyNumberDialog
        check={checking}
        onConfirm={(check) => {
          setChecking(null);
          void confirmed(check);
        }}
        onClose={() => setChecking(null)}
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
