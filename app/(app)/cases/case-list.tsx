"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { fetchCasePage, openCaseRows, searchCases, type CaseRow } from "@/lib/cases/case-list-client";
import { workflowStates } from "@/lib/workflow/machine";
import { SelectField } from "@/app/_components/form/select-field";
import { TextField } from "@/app/_components/form/text-field";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { ShowMore } from "@/app/_components/paging/show-more";
import { RiskBadge } from "@/app/_components/cases/risk-badge";
import { StateBadge } from "@/app/_components/cases/state-badge";
import { TableHead } from "@/app/_components/table-head";
import { usePages, type LoadedPage } from "@/app/_components/paging/use-pages";
import { trustedSignersFor } from "../_trust/trust-sessions";
import { useCaseIndex } from "./use-case-index";

/**
 * The caller's cases, a page at a time (state and role filtered on the
 * server); names decrypted here. A search looks in every case: typing
 * starts the index over all names (use-case-index.ts), memory only.
 */
export function CaseList() {
  const t = useTranslations("cases");
  const tw = useTranslations("workflow.states");
  const tr = useTranslations("caseRoles");
  const me = useVault();
  const [query, setQuery] = useState("");
  const [state, setState] = useState("");
  const [role, setRole] = useState("");
  const searching = query.trim() !== "";

  const load = useCallback(
    async (after: string | undefined): Promise<LoadedPage<CaseRow> | null> => {
      if (!me) return null;
      const page = await fetchCasePage({ state, role, after });
      return page && { rows: await openCaseRows(me, page.cases, (people) => trustedSignersFor(me, people)), total: page.total, next: page.next };
    },
    [me, state, role],
  );
  const pages = usePages(me ? load : null);
  const index = useCaseIndex(searching);
  const found = useMemo(
    () => (searching && index ? searchCases(index.rows, query).filter((r) => (!state || r.state === state) && (!role || r.myRole === role)) : null),
    [searching, index, query, state, role],
  );

  const unfiltered = !state && !role && !searching;
  if (pages && !pages.failed && pages.total === 0 && unfiltered) return <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t("none")}</p>;

  // The toolbar stays while a filter's first page loads: the select keeps the keyboard focus.
  const rows = searching ? (found ?? []) : (pages?.rows ?? []);
  return (
    <section className="rounded-lg border border-slate-200 bg-white" aria-busy={!pages}>
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 p-3">
        <div className="w-full sm:w-72">
          <TextField label={t("search")} type="search" value={query} onChange={(e) => setQuery(e.target.value)} hint={t("searchHint")} />
        </div>
        <div className="w-full sm:w-48">
          <SelectField label={t("filterState")} value={state} onChange={(e) => setState(e.target.value)} options={[{ value: "", label: t("all") }, ...workflowStates.map((s) => ({ value: s, label: tw(s) }))]} />
        </div>
        <div className="w-full sm:w-40">
          <SelectField label={t("filterRole")} value={role} onChange={(e) => setRole(e.target.value)} options={[{ value: "", label: t("all") }, ...(["lead", "member", "reviewer"] as const).map((r) => ({ value: r, label: tr(r) }))]} />
        </div>
        <p className="text-xs text-slate-600 sm:ml-auto" aria-live="polite" data-testid="case-count">
          {found
            ? index && index.total > index.rows.length
              ? t("searchedSoFar", { found: found.length, searched: index.rows.length, total: index.total })
              : t("found", { found: found.length })
            : pages && t("shown", { shown: pages.rows.length, total: pages.total })}
        </p>
      </div>
      {((searching && !index) || (!searching && !pages)) && (
        <div className="px-4 py-2">
          <ProgressNote>{searching ? t("indexing") : t("loadingList")}</ProgressNote>
        </div>
      )}
      {index?.failed && <FormAlert>{t("indexFailed")}</FormAlert>}
      {!searching && pages?.failed && pages.rows.length === 0 && <FormAlert>{t("listFailed")}</FormAlert>}
      <div className="overflow-x-auto">
        <CaseTable rows={rows} />
      </div>
      {!searching && pages && <ShowMore pages={pages} />}
    </section>
  );
}

function CaseTable({ rows }: { rows: readonly CaseRow[] }) {
  const t = useTranslations("cases");
  const tr = useTranslations("caseRoles");
  const format = useFormatter();
  return (
    <table className="w-full text-sm">
      <TableHead columns={[t("colPerson"), t("colReference"), t("colState"), t("colRisk"), t("colMyRole"), t("colUpdated")]} />
      <tbody className="divide-y divide-slate-100">
        {rows.map((r) => (
          <tr key={r.id} className="hover:bg-slate-50">
            <td className="min-w-40 px-4 py-2">
              <Link href={`/cases/${r.id}`} className="font-medium text-accent-800 hover:underline">
                {r.name ?? <span className="text-red-700">{t("damaged")}</span>}
              </Link>
              {r.aliases.length > 0 && <div className="text-xs text-slate-600">{r.aliases.join(" · ")}</div>}
            </td>
            <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-slate-700">{r.reference}</td>
            <td className="px-4 py-2">
              <StateBadge state={r.state} />
            </td>
            <td className="px-4 py-2 text-xs text-slate-700">{r.risk ? <RiskBadge level={r.risk} /> : "—"}</td>
            <td className="px-4 py-2 text-xs text-slate-700">{tr(r.myRole)}</td>
            <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600">{format.dateTime(new Date(r.updatedAt), { dateStyle: "medium" })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
