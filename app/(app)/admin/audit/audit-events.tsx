import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { type AuditLookups, type AuditT, describeAuditEvent } from "@/lib/audit/describe";
import type { AuditData } from "@/lib/audit/events";
import { type AuditFilter, auditFilterQuery } from "@/lib/audit/filter";
import type { AuditSearchResult } from "@/lib/audit/queries";

// The events the filter matches, newest first: one readable sentence each,
// and a <details> with everything the log holds about the event (numbers,
// ids, codes — the log holds no content). Rows in a grid from 640 px, stacked
// cards below. Times in UTC, as the filter's dates.

const linkClass =
  "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-accent-600";

function fieldValue(t: AuditT, key: string, value: AuditData[string], lookups: AuditLookups): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  const text = String(value);
  if (key === "userId") {
    const name = lookups.names.get(text);
    if (name) return `${name} · ${text}`;
  }
  return text;
}

export async function AuditEvents({ result, filter, lookups }: { result: AuditSearchResult; filter: AuditFilter; lookups: AuditLookups }) {
  const t = await getTranslations("auditPage");
  const format = await getFormatter();
  const { events, total, page, pageCount } = result;
  const filtered = Boolean(filter.actorId || filter.kind || filter.caseReference || filter.from || filter.to);

  // Above the list a labelled navigation landmark; below it the same links without a second landmark of that name.
  const pager = (landmark: boolean) => {
    const Wrapper = landmark ? "nav" : "div";
    return (
      <Wrapper aria-label={landmark ? t("paging") : undefined} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5">
        <p className="text-sm text-slate-700" data-testid={landmark ? "audit-total" : undefined}>
          <span className="font-semibold">{t("total", { total })}</span>
          {filtered && total > 0 ? ` ${t("filtered")}` : null}
          {total > 0 ? <span className="text-slate-500"> · {t("pageOf", { page, pages: pageCount })}</span> : null}
        </p>
        <div className="flex gap-2">
          {page > 1 ? (
            <Link className={linkClass} href={`/admin/audit${auditFilterQuery(filter, page - 1)}`} rel="prev">
              ← {t("previous")}
            </Link>
          ) : (
            <span aria-disabled="true" className={`${linkClass} cursor-not-allowed opacity-50`}>
              ← {t("previous")}
            </span>
          )}
          {page < pageCount ? (
            <Link className={linkClass} href={`/admin/audit${auditFilterQuery(filter, page + 1)}`} rel="next">
              {t("next")} →
            </Link>
          ) : (
            <span aria-disabled="true" className={`${linkClass} cursor-not-allowed opacity-50`}>
              {t("next")} →
            </span>
          )}
        </div>
      </Wrapper>
    );
  };

  return (
    <section aria-labelledby="events-title" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="events-title" className="border-b border-slate-200 px-4 py-2.5 text-sm font-semibold text-slate-900">
        {t("eventsTitle")}
      </h2>
      {pager(true)}
      {result.caseMatch === "none" && <p className="px-4 pb-2 text-sm text-amber-800">{t("caseNoMatch", { reference: filter.caseReference ?? "" })}</p>}
      {result.caseMatch === "too_many" && <p className="px-4 pb-2 text-sm text-amber-800">{t("caseTooMany", { reference: filter.caseReference ?? "" })}</p>}
      {events.length === 0 ? (
        <p className="border-t border-slate-100 px-4 py-6 text-sm text-slate-600">{t("empty")}</p>
      ) : (
        <ol className="divide-y divide-slate-100 border-t border-slate-100" data-testid="audit-events">
          {events.map((event) => {
            const seq = String(event.seq);
            const reference = event.caseId ? lookups.references.get(event.caseId) : undefined;
            const entries = Object.entries(event.data);
            return (
              <li key={seq} className="px-4 py-2.5 text-sm" data-testid="audit-event" data-action={event.action}>
                <div className="grid gap-x-4 gap-y-0.5 sm:grid-cols-[4rem_11rem_minmax(0,1fr)]">
                  <span className="font-mono text-xs text-slate-500">#{seq}</span>
                  <time dateTime={event.at.toISOString()} className="text-xs text-slate-600">
                    {format.dateTime(event.at, { dateStyle: "short", timeStyle: "medium", timeZone: "UTC" })} UTC
                  </time>
                  <p className="min-w-0 break-words text-slate-900" data-testid="audit-sentence">
                    {describeAuditEvent(t, event, lookups)}
                  </p>
                </div>
                <details className="group mt-1 sm:ml-[17rem]">
                  <summary className="w-fit cursor-pointer rounded text-xs font-medium text-accent-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-accent-600">
                    {t("details")}
                    <span className="sr-only"> {t("detailsOf", { seq })}</span>
                  </summary>
                  <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 rounded bg-slate-50 p-3 text-xs sm:grid-cols-[max-content_minmax(0,1fr)]">
                    <dt className="text-slate-500">{t("seq")}</dt>
                    <dd className="font-mono">{seq}</dd>
                    <dt className="text-slate-500">{t("exactTime")}</dt>
                    <dd>
                      {format.dateTime(event.at, { dateStyle: "full", timeStyle: "long", timeZone: "UTC" })}{" "}
                      <span className="font-mono text-slate-500">({event.at.toISOString()})</span>
                    </dd>
                    <dt className="text-slate-500">{t("code")}</dt>
                    <dd className="font-mono break-all">{event.action}</dd>
                    <dt className="text-slate-500">{t("actorId")}</dt>
                    <dd className="font-mono break-all">{event.actorId ?? "—"}</dd>
                    <dt className="text-slate-500">{t("caseId")}</dt>
                    <dd className="font-mono break-all">{event.caseId ?? "—"}</dd>
                    {reference && (
                      <>
                        <dt className="text-slate-500">{t("caseRef")}</dt>
                        <dd className="font-mono">{reference}</dd>
                      </>
                    )}
                    {entries.map(([key, value]) => (
                      <div key={key} className="contents" data-testid="audit-field">
                        <dt className="text-slate-500">{t.has(`field.${key}`) ? t(`field.${key}`) : key}</dt>
                        <dd className="break-all">{fieldValue(t, key, value, lookups)}</dd>
                      </div>
                    ))}
                    <dt className="text-slate-500">{t("hash")}</dt>
                    <dd className="font-mono break-all text-slate-500">{event.hash}</dd>
                  </dl>
                </details>
              </li>
            );
          })}
        </ol>
      )}
      {events.length > 0 && <div className="border-t border-slate-100">{pager(false)}</div>}
    </section>
  );
}
