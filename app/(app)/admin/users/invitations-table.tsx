"use client";

import { useFormatter, useTranslations } from "next-intl";
import type { InvitationRow } from "@/lib/users/schema";
import { Button } from "@/app/_components/form/button";
import { RowActionsCell } from "@/app/_components/row-actions-cell";
import { stackedTable } from "@/app/_components/stacked-table";
import { reissueAction, revokeAction } from "@/app/_actions/users";
import { AdminTableCard } from "./admin-table-card";
import { useAdminAction } from "./use-admin-action";

export function InvitationsTable({ invitations }: { invitations: InvitationRow[] }) {
  const t = useTranslations("admin");
  const tr = useTranslations("roles");
  const format = useFormatter();
  const { busy, run, messages } = useAdminAction();

  if (invitations.length === 0) return null;
  return (
    <AdminTableCard
      id="invitations"
      title={t("invitationsTable")}
      messages={messages}
      busy={busy}
      columns={[t("email"), t("colRole"), t("colStatus"), t("colExpires")]}
      actionsLabel={t("colActions")}
      rows={invitations.map((inv) => (
        <tr key={inv.id} className={stackedTable.row}>
          <td className="px-4 py-2 text-slate-900">
            {inv.email} {inv.reset && <span className="ml-1 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{t("resetBadge")}</span>}
          </td>
          <td className="px-4 py-2 text-slate-700">{tr(inv.role)}</td>
          <td className="px-4 py-2 text-xs text-slate-600">{t(`invitationState.${inv.state}`)}</td>
          <td className="px-4 py-2 text-xs text-slate-600">{format.dateTime(new Date(inv.expiresAt), { dateStyle: "medium", timeStyle: "short" })}</td>
          <RowActionsCell>
            {inv.state !== "accepted" && (
              <>
                <Button variant="quiet" disabled={busy} onClick={() => run(() => reissueAction({ invitationId: inv.id }), (issued) => ({ ...issued, email: inv.email }))}>
                  {t("reissue")}
                </Button>
                {inv.state === "open" && (
                  <Button variant="quiet" disabled={busy} onClick={() => run(() => revokeAction({ invitationId: inv.id }))}>
                    {t("revoke")}
                  </Button>
                )}
              </>
            )}
          </RowActionsCell>
        </tr>
      ))}
    />
  );
}
