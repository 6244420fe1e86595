"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import type { DashboardPageRequest } from "@/lib/deadlines/deadlines-client";
import { addDays, daysLeft, type DueBucket } from "@/lib/deadlines/due";
import type { DashboardFilters } from "@/lib/deadlines/schema";
import { instantToZoned, zonedToInstant } from "@/lib/deadlines/zoned-time";
import { DueTime } from "@/app/_components/deadlines/due-time";
import { viewerZone } from "@/app/_components/deadlines/viewer-zone";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { ShowMore } from "@/app/_components/paging/show-more";
import { stackedTable } from "@/app/_components/stacked-table";
import { caseTabHref, deadlineAnchor } from "@/app/(app)/cases/[caseId]/case-tabs";
import { useDeadlinePages, type DashboardRow } from "./use-dashboard";

const buckets = ["overdue", "today", "week", "month"] as const satisfies readonly DueBucket[];
type ListBucket = (typeof buckets)[number];

const DAY_MS = 86_400_000;

/**
 * Each group of the urgency list as a query on the due instant, as dueBucket
 * (lib/deadlines/due.ts) sorts an open deadline: past due; due later on the
 * viewer's today; within 7 days; within 30. Ends are exclusive, hence the
 * millisecond past "7 days from now".
 */
function groupRanges(now: Date, zone: string): Record<ListBucket, { from?: string; to: string }> {
  const tomorrow = zonedToInstant({ date: addDays(instantToZoned(now, zone).date, 1), time: "00:00", timeZone: zone }).toISOString();
  const after = (days: number) => new Date(now.getTime() + days * DAY_MS + 1).toISOString();
  const iso = now.toISOString();
  return { overdue: { to: iso }, today: { from: iso, to: tomorrow }, week: { from: tomorrow, to: after(7) }, month: { from: after(7), to: after(30) } };
}

/** The urgency list: four groups of open deadlines, each a page at a time with its exact count. */
export function DashboardList({ filters, onPeople }: { filters: DashboardFilters; onPeople: (people: Map<string, string>) => void }) {
  const zone = viewerZone();
  // "Now" is fixed per visit, so a list does not reshuffle while it is read.
  const [now] = useState(() => new Date());
  const ranges = useMemo(() => groupRanges(now, zone), [now, zone]);
  return (
    <div className="space-y-4">
      {buckets.map((bucket) => (
        <DeadlineGroup key={bucket} bucket={bucket} request={{ ...ranges[bucket], open: true, ...filters }} now={now} onPeople={onPeople} />
      ))}
    </div>
  );
}

function DeadlineGroup({ bucket, request, now, onPeople }: { bucket: ListBucket; request: DashboardPageRequest; now: Date; onPeople: (people: Map<string, string>) => void }) {
  const t = useTranslations("dashboard");
  const pages = useDeadlinePages(request);
  useEffect(() => {
    if (pages) onPeople(new Map(pages.rows.flatMap((r) => (r.view.assigneeId && r.assigneeName ? [[r.view.assigneeId, r.assigneeName] as const] : []))));
  }, [pages, onPeople]);
  const overdue = bucket === "overdue";

  return (
    <section aria-labelledby={`bucket-${bucket}`} aria-busy={!pages || pages.loadingMore} data-testid={`bucket-${bucket}`} className="rounded-lg border border-slate-200 bg-white">
      <h3 id={`bucket-${bucket}`} className={`border-b border-slate-200 px-3 py-2 text-sm font-semibold ${overdue && (pages?.total ?? 0) > 0 ? "bg-red-50 text-red-900" : "text-slate-800"}`}>
        {t(`buckets.${bucket}`)} {pages && <span className="font-normal text-slate-600">({pages.total})</span>}
      </h3>
      {!pages ? (
        <div className="px-3 py-2">
          <ProgressNote>{t("loading")}</ProgressNote>
        </div>
      ) : pages.failed && pages.rows.length === 0 ? (
        <div className="px-3 py-2">
          <FormAlert>{t("failed")}</FormAlert>
        </div>
      ) : pages.rows.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-600">{t("nothing")}</p>
      ) : (
        <>
          {/* Fixed columns: the four groups are four tables, and their columns line up. On a phone each row is a card. */}
          <table className={`w-full text-left text-sm sm:table-fixed ${stackedTable.table}`}>
            <colgroup>
              <col className="w-56" />
              <col />
              <col className="w-48" />
              <col className="w-40" />
              <col className="w-32" />
            </colgroup>
            <thead className="sr-only">
              <tr>
                <th>{t("columns.due")}</th>
                <th>{t("columns.deadline")}</th>
                <th>{t("columns.case")}</th>
                <th>{t("columns.assignee")}</th>
                <th>{t("columns.left")}</th>
              </tr>
            </thead>
            <tbody className={`divide-y divide-slate-100 ${stackedTable.body}`}>
              {pages.rows.map((row) => (
                <DeadlineRow key={row.view.id} row={row} now={now} overdue={overdue} />
              ))}
            </tbody>
          </table>
          <ShowMore pages={pages} />
        </>
      )}
    </section>
  );
}

function DeadlineRow({ row, now, overdue }: { row: DashboardRow; now: Date; overdue: boolean }) {
  const td = useTranslations("deadlines");
  const days = daysLeft(new Date(row.view.dueAt), now);
  return (
    <tr data-testid="dashboard-row" className={`align-top ${stackedTable.row}`}>
      <td className="px-3 py-2">
        <DueTime dueAt={row.view.dueAt} dateOnly={row.view.dateOnly} timeZone={row.details?.timeZone ?? null} />
      </td>
      <td className="break-words px-3 py-2">
        <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{td(`kinds.${row.view.kind}`)}</span>
        <span className="font-medium text-slate-900">{row.details?.title ?? <span className="text-red-700">{td("damaged")}</span>}</span>
      </td>
      <td className="px-3 py-2">
        <Link href={caseTabHref(row.view.caseId, "deadlines", deadlineAnchor(row.view.id))} className="font-mono text-xs text-accent-800 hover:underline">
          {row.reference}
        </Link>
        <span className="block text-slate-700">{row.personName ?? "—"}</span>
      </td>
      <td className="px-3 py-2 text-slate-700">{row.assigneeName ?? td("nobody")}</td>
      <td className={`px-3 py-2 text-xs ${overdue ? "font-semibold text-red-800" : "text-slate-700"}`}>{overdue ? td("daysOverdue", { days: -days }) : td("daysLeft", { days })}</td>
    </tr>
  );
}
