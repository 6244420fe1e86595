"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { orgRoles, type OrgRole } from "@/lib/auth/roles";
import type { UserRow } from "@/lib/users/schema";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button } from "@/app/_components/form/button";
import { SelectField } from "@/app/_components/form/select-field";
import { RowActionsCell } from "@/app/_components/row-actions-cell";
import { stackedTable } from "@/app/_components/stacked-table";
import { changeRoleAction, deactivateAction, reactivateAction, resetAction } from "@/app/_actions/users";
import { AdminTableCard } from "./admin-table-card";
import { useAdminAction } from "./use-admin-action";

/** What the dialog asks about: a role change names the person, the old and the new role. */
type Pending = { kind: "deactivate" | "reset"; user: UserRow } | { kind: "role"; user: UserRow; role: OrgRole } | null;

export function UsersTable({ users, selfId }: { users: UserRow[]; selfId: string }) {
  const t = useTranslations("admin");
  const tr = useTranslations("roles");
  const format = useFormatter();
  const [pending, setPending] = useState<Pending>(null);
  // The role being saved: the select shows it until the refreshed list (or an error) arrives.
  const [saving, setSaving] = useState<{ userId: string; role: OrgRole } | null>(null);
  const { busy, run, messages } = useAdminAction();

  function confirm() {
    if (!pending) return;
    setPending(null);
    const { user } = pending;
    if (pending.kind === "role") {
      const { role } = pending;
      setSaving({ userId: user.id, role });
      run(() => changeRoleAction({ userId: user.id, role }), undefined, t("roleChanged", { name: user.displayName, role: tr(role) }));
    } else if (pending.kind === "deactivate") run(() => deactivateAction({ userId: user.id }));
    else run(() => resetAction({ userId: user.id }), (issued) => ({ ...issued, email: user.email }));
  }

  // Cancelling puts the select back: it shows the stored role again.
  const shownRole = (user: UserRow): OrgRole =>
    pending?.kind === "role" && pending.user.id === user.id ? pending.role : busy && saving?.userId === user.id ? saving.role : user.role;

  const dialog =
    pending?.kind === "role"
      ? {
          title: t("confirm.roleTitle", { name: pending.user.displayName }),
          body: t("confirm.roleBody", { name: pending.user.displayName, from: tr(pending.user.role), to: tr(pending.role) }),
          confirmLabel: t("changeRole"),
        }
      : pending
        ? { title: t(`confirm.${pending.kind}Title`, { name: pending.user.displayName }), body: t(`confirm.${pending.kind}Body`), confirmLabel: t(pending.kind) }
        : { title: "", body: "", confirmLabel: "" };

  return (
    // On a phone each person is a card: the role select keeps its width.
    <AdminTableCard
      id="users"
      title={
        <>
          {t("usersTable")} <span className="font-normal text-slate-500">({users.length})</span>
        </>
      }
      messages={messages}
      busy={busy}
      columns={[t("colUser"), t("colRole"), t("colStatus"), t("colSecurity"), t("colLastSignIn")]}
      actionsLabel={t("colActions")}
      rows={users.map((user) => (
        <tr key={user.id} data-testid={`user-row-${user.email}`} className={stackedTable.row}>
          <td className="px-4 py-2">
            <div className="font-medium text-slate-900">{user.displayName}</div>
            <div className="text-xs text-slate-500">{user.email}</div>
          </td>
          <td className="px-4 py-2 sm:w-44">
            <div className="min-w-36">
              <SelectField
                label={t("roleFor", { name: user.displayName })}
                hideLabel
                value={shownRole(user)}
                disabled={busy || user.id === selfId}
                options={orgRoles.map((r) => ({ value: r, label: tr(r) }))}
                onChange={(e) => {
                  const role = e.target.value as OrgRole;
                  if (role !== user.role) setPending({ kind: "role", user, role });
                }}
              />
            </div>
          </td>
          <td className="px-4 py-2">
            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${user.status === "active" ? "bg-emerald-50 text-emerald-800" : "bg-slate-200 text-slate-700"}`}>
              {t(`status.${user.status}`)}
            </span>
          </td>
          <td className="px-4 py-2 text-xs text-slate-600">
            {user.keys === "enrolled" ? t("keysEnrolled") : t("keysResetPending")} · {user.secondFactor ? t("totpOn") : t("totpOff")}
          </td>
          <td className="px-4 py-2 text-xs text-slate-600">
            {user.lastSignInAt ? format.dateTime(new Date(user.lastSignInAt), { dateStyle: "medium", timeStyle: "short" }) : t("never")}
          </td>
          <RowActionsCell>
            {user.id !== selfId && (
              <>
                {user.status === "active" ? (
                  <Button variant="quiet" disabled={busy} onClick={() => setPending({ kind: "deactivate", user })}>
                    {t("deactivate")}
                  </Button>
                ) : (
                  <Button variant="quiet" disabled={busy} onClick={() => run(() => reactivateAction({ userId: user.id }))}>
                    {t("reactivate")}
                  </Button>
                )}
                <Button variant="quiet" disabled={busy} onClick={() => setPending({ kind: "reset", user })}>
                  {t("reset")}
                </Button>
              </>
            )}
          </RowActionsCell>
        </tr>
      ))}
    >
      <ConfirmDialog
        open={pending !== null}
        title={dialog.title}
        body={dialog.body}
        confirmLabel={dialog.confirmLabel}
        cancelLabel={t("cancel")}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </AdminTableCard>
  );
}
