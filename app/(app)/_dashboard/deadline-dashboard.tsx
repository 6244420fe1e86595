"use client";

import { Tab, TabGroup, TabList, TabPanel, TabPanels } from "@headlessui/react";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState } from "react";
import { deadlineKinds, type DashboardFilters, type DeadlineKind } from "@/lib/deadlines/schema";
import { workflowStates, type CaseState } from "@/lib/workflow/machine";
import { SelectField } from "@/app/_components/form/select-field";
import { DashboardList } from "./dashboard-list";
import { MonthCalendar } from "./month-calendar";

export type Filters = { kind: string; assignee: string; caseState: string };

/** The selects' values as the server filters by them ("" = any; "me" = the viewer). */
function queryFilters(filters: Filters, myId: string): DashboardFilters {
  const assignee = filters.assignee === "me" ? myId : filters.assignee;
  return {
    ...(filters.kind ? { kind: filters.kind as DeadlineKind } : {}),
    ...(assignee ? { assignee } : {}),
    ...(filters.caseState ? { caseState: filters.caseState as CaseState } : {}),
  };
}

/** The coordinator's start page: every deadline across their cases, as a list by urgency or a month calendar. */
export function DeadlineDashboard({ myId }: { myId: string }) {
  const t = useTranslations("dashboard");
  const td = useTranslations("deadlines");
  const tw = useTranslations("workflow.states");
  const [filters, setFilters] = useState<Filters>({ kind: "", assignee: "", caseState: "" });
  // Everyone seen assigned so far: a filter narrowing the rows does not shrink its own choices.
  const [people, setPeople] = useState<Map<string, string>>(new Map());
  const addPeople = useCallback((seen: Map<string, string>) => setPeople((known) => ([...seen].every(([id]) => known.has(id)) ? known : new Map([...known, ...seen]))), []);
  const query = useMemo(() => queryFilters(filters, myId), [filters, myId]);
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <section className="space-y-3" aria-labelledby="dashboard-title">
      <div className="flex flex-wrap items-end gap-3">
        <h2 id="dashboard-title" className="mr-auto text-base font-semibold text-slate-900">
          {t("deadlines")}
        </h2>
        <div className="w-48">
          <SelectField label={t("filterKind")} value={filters.kind} onChange={(e) => set({ kind: e.target.value })} options={[{ value: "", label: t("all") }, ...deadlineKinds.map((k) => ({ value: k, label: td(`kinds.${k}`) }))]} />
        </div>
        <div className="w-48">
          <SelectField
            label={t("filterAssignee")}
            value={filters.assignee}
            onChange={(e) => set({ assignee: e.target.value })}
            options={[{ value: "", label: t("anyone") }, { value: "me", label: t("me") }, ...[...people].map(([id, name]) => ({ value: id, label: name }))]}
          />
        </div>
        <div className="w-48">
          <SelectField label={t("filterCaseState")} value={filters.caseState} onChange={(e) => set({ caseState: e.target.value })} options={[{ value: "", label: t("all") }, ...workflowStates.map((s) => ({ value: s, label: tw(s) }))]} />
        </div>
      </div>
      <TabGroup>
        <TabList className="flex gap-1 border-b border-slate-200 text-sm">
          {(["list", "month"] as const).map((v) => (
            <Tab key={v} className="-mb-px border-b-2 border-transparent px-3 py-2 text-slate-600 data-hover:text-slate-900 data-selected:border-accent-700 data-selected:font-medium data-selected:text-slate-900">
              {t(`views.${v}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanels className="pt-3">
          <TabPanel>
            <DashboardList filters={query} onPeople={addPeople} />
          </TabPanel>
          <TabPanel unmount>
            <MonthCalendar filters={query} />
          </TabPanel>
        </TabPanels>
      </TabGroup>
    </section>
  );
}
