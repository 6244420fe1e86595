"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import type { CaseDetail } from "@/lib/cases/schema";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { SelectField } from "@/app/_components/form/select-field";
import { useEvidence } from "./evidence/use-evidence";
import { caseTimeline, type TimelineEvent, type TimelineKind } from "./timeline";
import { useOpenedDeadlines } from "./use-opened-deadlines";
import type { OpenedCase } from "./use-opened-case";
import { useTestimonies } from "./use-testimonies";

/** What the filter offers: a review is shown with the evidence it judged. */
const filters = ["workflow", "team", "profile", "testimony", "evidence", "deadline"] as const;
type Filter = (typeof filters)[number] | "";
const filterOf = (kind: TimelineKind): Filter => (kind === "review" ? "evidence" : kind);

/** The case's timeline: every workflow step (with its reason, decrypted here), team change, profile version, testimony version, upload, review and deadline. */
export function HistoryTab({ detail, opened }: { detail: CaseDetail; opened: OpenedCase }) {
  const t = useTranslations("caseHistory");
  const format = useFormatter();
  const testimonies = useTestimonies(detail.id, opened.keyring, opened.signers);
  const evidence = useEvidence(detail.id, opened.keyring, opened.signers, 0);
  const deadlines = useOpenedDeadlines(detail.id, opened.keyring, 0);
  const [filter, setFilter] = useState<Filter>("");
  const names = useMemo(() => new Map(detail.people.map((p) => [p.userId, p.displayName])), [detail.people]);

  const events = useMemo(
    () =>
      caseTimeline({
        transitions: detail.transitions,
        profileVersions: detail.profileVersions,
        chain: opened.chain.ok ? detail.chain.map((link) => link.statement) : null,
        testimonies: testimonies && testimonies !== "failed" ? testimonies.testimonies.map((x) => ({ testimonyId: x.testimonyId, title: x.latest.content.ok ? x.latest.content.value.informant.name : null, versions: x.versions })) : [],
        evidence: evidence && evidence !== "failed" ? evidence.map(({ row, meta }) => ({ ...row, name: meta.ok ? meta.value.name : null })) : [],
        deadlines: (deadlines ?? []).map(({ view, details }) => ({ ...view, title: details.ok ? details.value.title : null })),
      }),
    [detail, opened.chain.ok, testimonies, evidence, deadlines],
  );
  const loading = testimonies === null || evidence === null || deadlines === null;
  const shown = filter ? events.filter((e) => filterOf(e.kind) === filter) : events;

  return (
    <section className="space-y-3" aria-label={t("title")}>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-56">
          <SelectField label={t("filter")} value={filter} onChange={(e) => setFilter(e.target.value as Filter)} options={[{ value: "", label: t("all") }, ...filters.map((f) => ({ value: f, label: t(`kinds.${f}`) }))]} />
        </div>
        <p className="ml-auto text-xs text-slate-600" aria-live="polite">
          {t("count", { count: shown.length })}
        </p>
      </div>
      {loading && <ProgressNote>{t("loading")}</ProgressNote>}
      {(testimonies === "failed" || evidence === "failed") && <FormAlert>{t("partial")}</FormAlert>}
      {shown.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t("none")}</p>
      ) : (
        <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" aria-label={t("title")} data-testid="case-timeline">
          {shown.map((event, i) => (
            <li key={i} className="px-4 py-2.5 text-sm" data-testid={`timeline-${event.kind}`}>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t(`kinds.${filterOf(event.kind)}`)}</span>
                <EventText event={event} names={names} />
                <span className="ml-auto text-xs text-slate-600">
                  {event.actorId ? (names.get(event.actorId) ?? "—") : "—"} · <time dateTime={event.at}>{format.dateTime(new Date(event.at), { dateStyle: "medium", timeStyle: "short" })}</time>
                </span>
              </div>
              {event.kind === "workflow" && <Reason opened={opened} recordId={event.reasonRecordId} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function EventText({ event, names }: { event: TimelineEvent; names: Map<string, string> }) {
  const t = useTranslations("caseHistory");
  const tw = useTranslations("workflow");
  const tr = useTranslations("caseRoles");
  const td = useTranslations("deadlines");
  const te = useTranslations("evidence");
  const name = (userId: string) => names.get(userId) ?? "—";
  const untitled = t("untitled");
  const text = (() => {
    switch (event.kind) {
      case "workflow":
        return `${tw(`transitions.${event.transition}`)} (${tw(`states.${event.from}`)} → ${tw(`states.${event.to}`)})`;
      case "profile":
        return t("profile", { version: event.version });
      case "team": {
        const parts = [
          ...event.added.map((m) => t("added", { name: name(m.userId), role: tr(m.role) })),
          ...event.removed.map((id) => t("removed", { name: name(id) })),
          ...event.changed.map((m) => t("changed", { name: name(m.userId), role: tr(m.role) })),
          ...(event.newKey ? [t("newKey")] : []),
        ];
        return event.opened ? t("opened", { team: parts.join(", ") }) : t("team", { changes: parts.join(", ") });
      }
      case "testimony":
        return event.version === 1 ? t("testimonyNew", { title: event.title ?? untitled }) : t("testimonyVersion", { title: event.title ?? untitled, version: event.version });
      case "evidence":
        return t("evidence", { name: event.name ?? untitled });
      case "review":
        return t("review", { name: event.name ?? untitled, status: te(`review.statuses.${event.status}`) });
      case "deadline":
        return event.status === "added" ? t("deadlineAdded", { title: event.title ?? untitled }) : t("deadlineStatus", { title: event.title ?? untitled, status: td(`statuses.${event.status}`) });
    }
  })();
  return <span className="min-w-0 break-words font-medium text-slate-900">{text}</span>;
}

function Reason({ opened, recordId }: { opened: OpenedCase; recordId: string | null }) {
  const t = useTranslations("caseView");
  const reason = recordId ? opened.reasons.get(recordId) : undefined;
  if (!reason) return null;
  return <p className={`mt-1 whitespace-pre-wrap ${reason.ok ? "text-slate-700" : "text-red-700"}`}>{reason.ok ? reason.value : t(reason.problem === "rolled_back" ? "reasonRolledBack" : "damaged")}</p>;
}
