"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { daysLeft, dueBucket, type DueBucket } from "@/lib/deadlines/due";
import { instantToZoned, zonedToInstant } from "@/lib/deadlines/zoned-time";
import { DueTime } from "@/app/_components/deadlines/due-time";
import { viewerZone } from "@/app/_components/deadlines/viewer-zone";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { caseTabHref, deadlineAnchor } from "@/app/(app)/cases/[caseId]/case-tabs";
import { useDashboard, type DashboardRow } from "./use-dashboard";

const buckets = ["overdue", "today", "week", "month"] as const satisfies readonly DueBucket[];

/** From the start of the viewer's today to 30 days on, plus every open overdue deadline. */
function listRange() {
  const zone = viewerZone();
  const today = instantToZoned(new Date(), zone).date;
  const from = zonedToInstant({ date: today, time: "00:00", timeZone: zone });
  return { from: from.toISOString(), to: new Date(Date.now() + 31 * 86_400_000).toISOString(), overdue: true };
}

export function DashboardList({ filter, onPeople }: { filter: (row: DashboardRow) => boolean; onPeople: (people: Map<string, string>) => void }) {
  const t = useTranslations("dashboard");
  const td = useTranslations("deadlines");
  const [range] = useState(listRange);
  const data = useDashboard(range);
  useEffect(() => {
    if (data) onPeople(new Map(data.rows.flatMap((r) => (r.view.assigneeId ? [[r.view.assigneeId, data.people.get(r.view.assigneeId) ?? "—"] as const] : []))));
  }, [data, onPeople]);
  const zone = viewerZone();
  const grouped = useMemo(() => {
    const groups = new Map<DueBucket, DashboardRow[]>(buckets.map((b) => [b, []]));
    for (const row of data?.rows ?? []) {
      if (!filter(row)) continue;
      groups.get(dueBucket({ dueAt: new Date(row.view.dueAt), status: row.view.status, now: data!.loadedAt, viewerZone: zone }))?.push(row);
    }
    return groups;
  }, [data, filter, zone]);

  if (!data) return <ProgressNote>{t("loading")}</ProgressNote>;
  if (data.failed) return <FormAlert>{t("failed")}</FormAlert>;

  return (
    <div className="space-y-4">
      {buckets.map((bucket) => {
        const rows = grouped.get(bucket) ?? [];
        return (
          <section key={bucket} aria-labelledby={`bucket-${bucket}`} data-testid={`bucket-${bucket}`} className="rounded-lg border border-slate-200 bg-white">
            <h3 id={`bucket-${bucket}`} className={`border-b border-slate-200 px-3 py-2 text-sm font-semibold ${bucket === "overdue" && rows.length > 0 ? "bg-red-50 text-red-900" : "text-slate-800"}`}>
              {t(`buckets.${bucket}`)} <span className="font-normal text-slate-500">({rows.length})</span>
            </h3>
            {rows.length === 0 ? (
              <p className="px-3 py-2 text-sm text-slate-500">{t("nothing")}</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead className="sr-only">
                  <tr>
                    <th>{t("columns.due")}</th>
                    <th>{t("columns.deadline")}</th>
                    <th>{t("columns.case")}</th>
                    <th>{t("columns.assignee")}</th>
                    <th>{t("columns.left")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.map((row) => {
                    const days = daysLeft(new Date(row.view.dueAt), data.loadedAt);
                    const overdue = bucket === "overdue";
                    return (
                      <tr key={row.view.id} data-testid="dashboard-row" className="align-top">
                        <td className="w-64 px-3 py-2">
                          <DueTime dueAt={row.view.dueAt} dateOnly={row.view.dateOnly} timeZone={row.details?.timeZone ?? null} />
                        </td>
                        <td className="px-3 py-2">
                          <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{td(`kinds.${row.view.kind}`)}</span>
                          <span className="font-medium text-slate-900">{row.details?.title ?? <span className="text-red-700">{td("damaged")}</span>}</span>
                        </td>
                        <td className="px-3 py-2">
                          <Link href={caseTabHref(row.view.caseId, "deadlines", deadlineAnchor(row.view.id))} className="font-mono text-xs text-accent-800 hover:underline">
                            {row.reference}
                          </Link>
                          <span className="block text-slate-700">{row.personName ?? "—"}</span>
                        </td>
                        <td className="px-3 py-2 text-slate-700">{row.view.assigneeId ? data.people.get(row.view.assigneeId) ?? "—" : td("nobody")}</td>
                        <td className={`w-36 px-3 py-2 text-xs ${overdue ? "font-semibold text-red-800" : "text-slate-700"}`}>{overdue ? td("daysOverdue", { days: -days }) : td("daysLeft", { days })}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </div>
  );
}
