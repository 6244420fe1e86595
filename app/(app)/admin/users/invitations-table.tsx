"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { InvitationRow } from "@/lib/users/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { TableHead } from "@/app/_components/table-head";
import { reissueAction, revokeAction } from "./actions";
import { OneTimeLink } from "./one-time-link";

export function InvitationsTable({ invitations }: { invitations: InvitationRow[] }) {
  const t = useTranslations("admin");
  const te = useTranslations("errors");
  const tr = useTranslations("roles");
  const format = useFormatter();
  const [link, setLink] = useState<{ token: string; email: string; mailed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, startTransition] = useTransition();

  if (invitations.length === 0) return null;
  return (
    <section aria-labelledby="invitations-title" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="invitations-title" className="border-b border-slate-200 px-4 py-2.5 text-sm font-semibold text-slate-900">
        {t("invitationsTable")}
      </h2>
      {(error || link) && (
        <div className="space-y-2 p-3">
          {error && <FormAlert>{te(error)}</FormAlert>}
          {link && <OneTimeLink {...link} />}
        </div>
      )}
      <table className="w-full text-sm" aria-busy={busy}>
        <TableHead columns={[t("email"), t("colRole"), t("colStatus"), t("colExpires")]} actionsLabel={t("colActions")} />
        <tbody className="divide-y divide-slate-100">
          {invitations.map((inv) => (
            <tr key={inv.id}>
              <td className="px-4 py-2 text-slate-900">
                {inv.email} {inv.reset && <span className="ml-1 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{t("resetBadge")}</span>}
              </td>
              <td className="px-4 py-2 text-slate-700">{tr(inv.role)}</td>
              <td className="px-4 py-2 text-xs text-slate-600">{t(`invitationState.${inv.state}`)}</td>
              <td className="px-4 py-2 text-xs text-slate-600">{format.dateTime(new Date(inv.expiresAt), { dateStyle: "medium", timeStyle: "short" })}</td>
              <td className="px-4 py-2 text-right">
                {inv.state !== "accepted" && (
                  <div className="flex justify-end gap-1">
                    <Button
                      variant="quiet"
                      disabled={busy}
                      onClick={() =>
                        startTransition(async () => {
                          setError(null);
                          const result = await reissueAction({ invitationId: inv.id });
                          if (result.ok) setLink({ ...result.data, email: inv.email });
                          else setError("unavailable");
                        })
                      }
                    >
                      {t("reissue")}
                    </Button>
                    {inv.state === "open" && (
                      <Button
                        variant="quiet"
                        disabled={busy}
                        onClick={() =>
                          startTransition(async () => {
                            setError(null);
                            const result = await revokeAction({ invitationId: inv.id });
                            if (!result.ok) setError("unavailable");
                          })
                        }
                      >
                        {t("revoke")}
                      </Button>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
