"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useState } from "react";
import { addDays } from "@/lib/deadlines/due";
import { instantToZoned, zonedToInstant } from "@/lib/deadlines/zoned-time";
import { viewerZone } from "@/app/_components/deadlines/viewer-zone";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { ShowMore } from "@/app/_components/paging/show-more";
import { caseTabHref, deadlineAnchor } from "@/app/(app)/cases/[caseId]/case-tabs";
import { maxDashboardPage, type DashboardFilters } from "@/lib/deadlines/schema";
import { useDeadlinePages, type DashboardRow } from "./use-dashboard";

const WEEKS = 6;

/** The Monday on or before the first of `month` ("YYYY-MM"): the grid's first day. */
function gridStart(month: string): string {
  const first = `${month}-01`;
  const weekday = new Date(`${first}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(first, -((weekday + 6) % 7));
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

/** A month of deadlines, days in the viewer's zone; the same data and filters as the list. */
export function MonthCalendar({ filters }: { filters: DashboardFilters }) {
  const t = useTranslations("dashboard");
  const td = useTranslations("deadlines");
  const format = useFormatter();
  const zone = viewerZone();
  const today = instantToZoned(new Date(), zone).date;
  const [month, setMonth] = useState(today.slice(0, 7));
  const start = gridStart(month);
  const range = useMemo(() => {
    const from = zonedToInstant({ date: start, time: "00:00", timeZone: zone });
    const to = zonedToInstant({ date: addDays(start, WEEKS * 7), time: "00:00", timeZone: zone });
    // A month is read whole, so its pages are larger than the list's.
    return { from: from.toISOString(), to: to.toISOString(), open: false, limit: maxDashboardPage, ...filters };
  }, [start, zone, filters]);
  const data = useDeadlinePages(range);
  const [loadedAt] = useState(() => new Date());
  const byDay = useMemo(() => {
    const days = new Map<string, DashboardRow[]>();
    for (const row of data?.rows ?? []) {
      const day = instantToZoned(new Date(row.view.dueAt), zone).date;
      days.set(day, [...(days.get(day) ?? []), row]);
    }
    return days;
  }, [data, zone]);
  const days = Array.from({ length: WEEKS * 7 }, (_, i) => addDays(start, i));
  const title = format.dateTime(new Date(`${month}-15T12:00:00Z`), { year: "numeric", month: "long", timeZone: "UTC" });

  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <Button variant="secondary" onClick={() => setMonth((m) => shiftMonth(m, -1))} aria-label={t("previousMonth")}>
          ‹
        </Button>
        <h3 className="min-w-40 text-center text-sm font-semibold text-slate-900" aria-live="polite">
          {title}
        </h3>
        <Button variant="secondary" onClick={() => setMonth((m) => shiftMonth(m, 1))} aria-label={t("nextMonth")}>
          ›
        </Button>
        <Button variant="quiet" onClick={() => setMonth(today.slice(0, 7))}>
          {t("thisMonth")}
        </Button>
        {!data && <ProgressNote>{t("loading")}</ProgressNote>}
      </div>
      {data?.failed && data.rows.length === 0 && <FormAlert>{t("failed")}</FormAlert>}
      {data && (
        <div className="rounded-lg border border-slate-200 bg-white empty:hidden">
          <ShowMore pages={data} />
        </div>
      )}
      {/* Weekday names are decoration: each day's full date is its accessible name. Narrower than
          `sm` the month is a list of days, each naming its weekday: seven columns would leave an
          entry two characters. */}
      <div aria-hidden className="hidden grid-cols-7 text-xs font-medium text-slate-600 sm:grid">
        {days.slice(0, 7).map((d) => (
          <div key={`h-${d}`} className="px-2">
            {format.dateTime(new Date(`${d}T12:00:00Z`), { weekday: "short", timeZone: "UTC" })}
          </div>
        ))}
      </div>
      <ol aria-label={title} className="grid grid-cols-1 overflow-hidden rounded-lg border border-slate-200 bg-slate-200 text-xs [gap:1px] sm:grid-cols-7">
        {days.map((d) => {
          const rows = byDay.get(d) ?? [];
          const inMonth = d.startsWith(month);
          return (
            <li key={d} aria-label={format.dateTime(new Date(`${d}T12:00:00Z`), { dateStyle: "full", timeZone: "UTC" })} className={`px-1.5 py-1 max-sm:flex max-sm:gap-2 sm:min-h-24 ${inMonth ? "bg-white" : "bg-slate-50 text-slate-400"} ${!inMonth && rows.length === 0 ? "max-sm:hidden" : ""}`}>
              <div className={`mb-1 text-right max-sm:mb-0 max-sm:w-14 max-sm:shrink-0 max-sm:py-0.5 max-sm:text-left ${d === today ? "font-bold text-accent-800" : ""}`}>
                <span className="sm:hidden">{format.dateTime(new Date(`${d}T12:00:00Z`), { weekday: "short", timeZone: "UTC" })} </span>
                {Number(d.slice(8))}
              </div>
              <ul className="space-y-0.5 max-sm:min-w-0 max-sm:flex-1">
                {rows.map((row) => (
                  <li key={row.view.id}>
                    <Link
                      href={caseTabHref(row.view.caseId, "deadlines", deadlineAnchor(row.view.id))}
                      data-testid="calendar-entry"
                      className={`block truncate rounded px-1 py-0.5 ${row.view.status === "open" ? (new Date(row.view.dueAt) < loadedAt ? "bg-red-100 text-red-900" : "bg-sky-50 text-sky-900") : "bg-slate-100 text-slate-500 line-through"}`}
                      title={`${td(`kinds.${row.view.kind}`)} · ${row.reference}`}
                    >
                      {row.view.dateOnly ? "" : `${format.dateTime(new Date(row.view.dueAt), { timeStyle: "short", timeZone: zone })} `}
                      {row.details?.title ?? td("damaged")}
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
