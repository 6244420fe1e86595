"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { allowsCaseAction } from "@/lib/auth/policy";
import type { CaseDetail } from "@/lib/cases/schema";
import { addDays, daysLeft } from "@/lib/deadlines/due";
import { deadlineWire, newDeadlineWire, sealDetails } from "@/lib/deadlines/deadlines-client";
import type { DeadlineForm, DeadlineOutcomeForm } from "@/lib/deadlines/schema";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { DeadlineFormView, emptyDeadlineForm } from "@/app/_components/deadlines/deadline-form";
import { DeadlineStatusBadge } from "@/app/_components/deadlines/status-badge";
import { DueTime } from "@/app/_components/deadlines/due-time";
import { OutcomeFormView } from "@/app/_components/deadlines/outcome-form";
import { useSaveRunner } from "@/app/_components/use-save-runner";
import { instantToZoned } from "@/lib/deadlines/zoned-time";
import { viewerZone } from "@/app/_components/deadlines/viewer-zone";
import { createDeadlineAction, setDeadlineStatusAction, updateDeadlineAction } from "@/app/_actions/deadlines";
import type { Me } from "./me";
import { deadlineAnchor } from "./case-tabs";
import type { OpenedCase } from "./use-opened-case";
import { useOpenedDeadlines, type OpenedDeadline } from "./use-opened-deadlines";

type Mode = { kind: "add" } | { kind: "edit"; id: string } | { kind: "outcome"; id: string } | null;

/** The case's deadlines in due order; overdue ones marked; edit and record outcomes inline. */
export function DeadlinesTab({ detail, opened, me }: { detail: CaseDetail; opened: OpenedCase; me: Me }) {
  const t = useTranslations("deadlines");
  const format = useFormatter();
  const [reload, setReload] = useState(0);
  const rows = useOpenedDeadlines(detail.id, opened.keyring, reload);
  const [mode, setMode] = useState<Mode>(null);
  const canWrite = allowsCaseAction(me.orgRole, detail.myRole, "case.deadline_write");
  const names = new Map(detail.people.map((p) => [p.userId, p.displayName]));
  const vault = useVault();
  const team = detail.members.map((m) => ({ userId: m.userId, name: names.get(m.userId) ?? "—" }));
  const target = { caseId: detail.id, currentEpoch: detail.currentEpoch, keyring: opened.keyring, author: vault };
  const now = new Date();
  const linked = useLinkedDeadline(rows);

  const settled = useCallback((ok: boolean) => {
    if (ok) setMode(null);
    setReload((n) => n + 1);
  }, []);
  const { busy, message, run } = useSaveRunner(settled);

  const add = (form: DeadlineForm) =>
    run(async () => createDeadlineAction({ caseId: detail.id, deadline: await newDeadlineWire(target, form) }), t("added"));

  const edit = (row: OpenedDeadline, form: DeadlineForm) =>
    run(async () => {
      const outcome = row.details.ok ? row.details.value.outcome : "";
      const { plain, details, label } = await deadlineWire(target, row.view.id, row.view, form, outcome);
      return updateDeadlineAction({ caseId: detail.id, deadlineId: row.view.id, deadline: plain, details, label });
    }, t("saved"));

  const recordOutcome = (row: OpenedDeadline, form: DeadlineOutcomeForm) =>
    run(async () => {
      if (!row.details.ok) throw new Error("details not open");
      const current = row.details.value;
      const details = await sealDetails(target, row.view.id, row.view.details, { ...current, outcome: form.outcome });
      const followUp = form.followUp
        ? await newDeadlineWire(target, {
            ...current,
            kind: form.followUpKind,
            title: form.followUpTitle,
            date: addDays(form.decisionDate, Number(form.followUpDays)),
            time: "",
            notes: "",
            assigneeId: row.view.assigneeId ?? "",
          })
        : null;
      return setDeadlineStatusAction({ caseId: detail.id, deadlineId: row.view.id, status: form.status, details, followUp });
    }, form.followUp ? t("outcomeSavedWithFollowUp") : t("outcomeSaved"));

  const reopen = (row: OpenedDeadline) =>
    run(() => setDeadlineStatusAction({ caseId: detail.id, deadlineId: row.view.id, status: "open", details: null, followUp: null }), t("reopened"));

  if (!rows) return <ProgressNote>{t("decrypting")}</ProgressNote>;

  return (
    <section className="space-y-3" aria-label={t("title_plural")}>
      {message && <FormAlert tone={message.tone}>{message.text}</FormAlert>}
      {canWrite && mode?.kind !== "add" && (
        <Button variant="secondary" onClick={() => setMode({ kind: "add" })}>
          {t("add")}
        </Button>
      )}
      {mode?.kind === "add" && (
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-3 text-sm font-semibold text-slate-900">{t("addTitle")}</h2>
          <DeadlineFormView initial={emptyDeadlineForm()} people={team} submitLabel={t("addSubmit")} busy={busy} onSubmit={(f) => void add(f)} onCancel={() => setMode(null)} />
        </div>
      )}
      {rows.length === 0 ? (
        <p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t("noneOnCase")}</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {rows.map((row) => {
            const { view, details } = row;
            const overdue = view.status === "open" && new Date(view.dueAt) < now;
            const days = daysLeft(new Date(view.dueAt), now);
            return (
              <li
                key={view.id}
                id={deadlineAnchor(view.id)}
                tabIndex={linked === view.id ? -1 : undefined}
                className={`p-3 ${overdue ? "bg-red-50" : ""} ${linked === view.id ? "ring-2 ring-inset ring-accent-700 focus:outline-none" : ""}`}
                data-testid="deadline-row"
              >
                <div className="grid gap-2 text-sm sm:grid-cols-[15rem_1fr_10rem_14rem] sm:items-start">
                  <DueTime dueAt={view.dueAt} dateOnly={view.dateOnly} timeZone={details.ok ? details.value.timeZone : null} />
                  <div>
                    <p className="font-medium text-slate-900">
                      <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-700">{t(`kinds.${view.kind}`)}</span>
                      {details.ok ? details.value.title : <span className="text-red-700">{t(details.problem === "rolled_back" ? "rolledBack" : "damaged")}</span>}
                    </p>
                    {details.ok && (
                      <p className="text-xs text-slate-600">{[details.value.court, details.value.venue, details.value.courtCaseNumber].filter(Boolean).join(" · ")}</p>
                    )}
                    {details.ok && details.value.outcome && <p className="mt-1 text-xs text-slate-700">{t("outcomeLabel", { outcome: details.value.outcome })}</p>}
                    {details.ok && details.value.notes && <p className="mt-1 whitespace-pre-wrap text-xs text-slate-600">{details.value.notes}</p>}
                  </div>
                  <div className="text-xs text-slate-700">
                    <DeadlineStatusBadge status={view.status} overdue={overdue} />
                    <span className="mt-1 block">{view.assigneeId ? names.get(view.assigneeId) ?? "—" : t("nobody")}</span>
                    {view.status === "open" && <span className="block">{overdue ? t("daysOverdue", { days: -days }) : t("daysLeft", { days })}</span>}
                    {view.status !== "open" && view.statusAt && (
                      <span className="block text-slate-500">
                        {t("statusBy", { who: names.get(view.statusById ?? "") ?? "—", when: format.dateTime(new Date(view.statusAt), { dateStyle: "medium" }) })}
                      </span>
                    )}
                  </div>
                  {canWrite && details.ok && (
                    <div className="flex flex-wrap justify-end gap-1">
                      <Button variant="quiet" onClick={() => setMode({ kind: "edit", id: view.id })} aria-label={t("editOne", { title: details.value.title })}>
                        {t("edit")}
                      </Button>
                      {view.status === "open" ? (
                        <Button variant="secondary" onClick={() => setMode({ kind: "outcome", id: view.id })} aria-label={t("recordOutcomeOne", { title: details.value.title })}>
                          {t("recordOutcome")}
                        </Button>
                      ) : (
                        <Button variant="quiet" onClick={() => void reopen(row)}>
                          {t("reopen")}
                        </Button>
                      )}
                    </div>
                  )}
                </div>
                {mode?.kind === "edit" && mode.id === view.id && details.ok && (
                  <div className="mt-3 border-t border-slate-200 pt-3">
                    <DeadlineFormView
                      initial={{ ...details.value, kind: view.kind, assigneeId: view.assigneeId ?? "" }}
                      people={team}
                      submitLabel={t("save")}
                      busy={busy}
                      onSubmit={(f) => void edit(row, f)}
                      onCancel={() => setMode(null)}
                    />
                  </div>
                )}
                {mode?.kind === "outcome" && mode.id === view.id && details.ok && (
                  <div className="mt-3 border-t border-slate-200 pt-3">
                    <OutcomeFormView
                      initialOutcome={details.value.outcome}
                      today={instantToZoned(now, viewerZone()).date}
                      busy={busy}
                      onSubmit={(f) => void recordOutcome(row, f)}
                      onCancel={() => setMode(null)}
                    />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/**
 * The deadline a link pointed at (`#deadline-<id>`, from the dashboard): once
 * the rows are decrypted it is scrolled into view, focused and outlined, once,
 * so a later reload of the rows does not pull the page back. (The tab mounts
 * in the browser only, after the case is opened.)
 */
function useLinkedDeadline(rows: OpenedDeadline[] | null): string | null {
  const [hash] = useState(() => (typeof window === "undefined" ? "" : window.location.hash.slice(1)));
  const linked = rows?.find((r) => deadlineAnchor(r.view.id) === hash)?.view.id ?? null;
  const shown = useRef(false);
  useEffect(() => {
    if (!linked || shown.current) return;
    shown.current = true;
    const element = document.getElementById(deadlineAnchor(linked));
    element?.scrollIntoView({ block: "center" });
    element?.focus({ preventScroll: true });
  }, [linked]);
  return linked;
}
