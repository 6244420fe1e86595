"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { openKeyring, openProfile } from "@/lib/cases/open-case-client";
import type { CaseList as CaseListData, CaseRole, RiskLevel } from "@/lib/cases/schema";
import { workflowStates } from "@/lib/workflow/machine";
import { SelectField } from "@/app/_components/form/select-field";
import { TextField } from "@/app/_components/form/text-field";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { RiskBadge } from "@/app/_components/cases/risk-badge";
import { StateBadge } from "@/app/_components/cases/state-badge";
import { TableHead } from "@/app/_components/table-head";
import { trustedSignersFor } from "../_trust/trust-sessions";

type Row = { id: string; reference: string; state: string; myRole: CaseRole; updatedAt: string; name: string | null; aliases: string[]; risk: RiskLevel | null };

/** Names are decrypted here, in the browser; search and filters run over the decrypted rows only. */
export function CaseList({ list }: { list: CaseListData }) {
  const t = useTranslations("cases");
  const tw = useTranslations("workflow.states");
  const tr = useTranslations("caseRoles");
  const format = useFormatter();
  const me = useVault();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [query, setQuery] = useState("");
  const [state, setState] = useState("");
  const [role, setRole] = useState("");

  useEffect(() => {
    if (!me) return;
    let live = true;
    void (async () => {
      const opened: Row[] = [];
      // Without this browser's keybook nothing is trusted: names stay hidden.
      const signers = await trustedSignersFor(me, list.people).catch(() => []);
      for (const kase of list.cases) {
        const keyring = await openKeyring(kase, signers, me);
        const profile = await openProfile(kase, kase.profile, keyring);
        keyring.wipe();
        opened.push({
          id: kase.id,
          reference: kase.reference,
          state: kase.state,
          myRole: kase.myRole,
          updatedAt: kase.updatedAt,
          name: profile.ok ? profile.value.fullName : null,
          aliases: profile.ok ? profile.value.aliases.map((a) => a.name) : [],
          risk: profile.ok ? profile.value.riskLevel : null,
        });
      }
      if (live) setRows(opened);
    })();
    return () => {
      live = false;
    };
  }, [list, me]);

  const shown = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    return (rows ?? []).filter(
      (r) =>
        (!state || r.state === state) &&
        (!role || r.myRole === role) &&
        (!q || r.reference.toLocaleLowerCase().includes(q) || (r.name ?? "").toLocaleLowerCase().includes(q) || r.aliases.some((a) => a.toLocaleLowerCase().includes(q))),
    );
  }, [rows, query, state, role]);

  if (list.cases.length === 0) return <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t("none")}</p>;
  if (!rows) return <ProgressNote>{t("decrypting", { count: list.cases.length })}</ProgressNote>;

  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-3">
        <div className="w-72">
          <TextField label={t("search")} type="search" value={query} onChange={(e) => setQuery(e.target.value)} hint={t("searchHint")} />
        </div>
        <div className="w-48">
          <SelectField label={t("filterState")} value={state} onChange={(e) => setState(e.target.value)} options={[{ value: "", label: t("all") }, ...workflowStates.map((s) => ({ value: s, label: tw(s) }))]} />
        </div>
        <div className="w-40">
          <SelectField label={t("filterRole")} value={role} onChange={(e) => setRole(e.target.value)} options={[{ value: "", label: t("all") }, ...(["lead", "member", "reviewer"] as const).map((r) => ({ value: r, label: tr(r) }))]} />
        </div>
        <p className="ml-auto text-xs text-slate-500" aria-live="polite">
          {t("shown", { shown: shown.length, total: rows.length })}
        </p>
      </div>
      <table className="w-full text-sm">
        <TableHead columns={[t("colPerson"), t("colReference"), t("colState"), t("colRisk"), t("colMyRole"), t("colUpdated")]} />
        <tbody className="divide-y divide-slate-100">
          {shown.map((r) => (
            <tr key={r.id} className="hover:bg-slate-50">
              <td className="px-4 py-2">
                <Link href={`/cases/${r.id}`} className="font-medium text-accent-800 hover:underline">
                  {r.name ?? <span className="text-red-700">{t("damaged")}</span>}
                </Link>
                {r.aliases.length > 0 && <div className="text-xs text-slate-500">{r.aliases.join(" · ")}</div>}
              </td>
              <td className="px-4 py-2 font-mono text-xs text-slate-700">{r.reference}</td>
              <td className="px-4 py-2">
                <StateBadge state={r.state} />
              </td>
              <td className="px-4 py-2 text-xs text-slate-700">{r.risk ? <RiskBadge level={r.risk} /> : "—"}</td>
              <td className="px-4 py-2 text-xs text-slate-700">{tr(r.myRole)}</td>
              <td className="px-4 py-2 text-xs text-slate-500">{format.dateTime(new Date(r.updatedAt), { dateStyle: "medium" })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
