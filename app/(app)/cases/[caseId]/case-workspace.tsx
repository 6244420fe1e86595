"use client";

import { Tab, TabGroup, TabList, TabPanel, TabPanels } from "@headlessui/react";
import { useTranslations } from "next-intl";
import { usePathname, useSearchParams } from "next/navigation";
import { allowsCaseAction } from "@/lib/auth/policy";
import type { CaseDetail } from "@/lib/cases/schema";
import { isCurrent } from "@/lib/trust/observe-marks";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { RiskBadge } from "@/app/_components/cases/risk-badge";
import { StateBadge } from "@/app/_components/cases/state-badge";
import { useAlertReports } from "./alert-reports";
import { BundlesTab } from "./bundles/bundles-tab";
import { caseTabs, parseCaseTab, withCaseTab } from "./case-tabs";
import { ChainAlerts, SecurityAlert } from "./chain-alerts";
import { DeactivatedMembers } from "./deactivated-members";
import { DeadlinesTab } from "./deadlines-tab";
import { EvidenceTab } from "./evidence/evidence-tab";
import { HistoryTab } from "./history-tab";
import { NextStepsPanel } from "./next-steps-panel";
import { ProfileTab } from "./profile-tab";
import { TeamTab } from "./team-tab";
import { TestimoniesTab } from "./testimonies-tab";
import { useOpenedCase } from "./use-opened-case";
import { WorkflowBar } from "./workflow-bar";
import { WorkflowStepper } from "./workflow-stepper";
import type { Me } from "./me";


const nameOf = (detail: CaseDetail, userId: string) => detail.people.find((p) => p.userId === userId)?.displayName ?? userId;

export function CaseWorkspace({ detail, me }: { detail: CaseDetail; me: Me }) {
  const t = useTranslations("caseView");
  const tr = useTranslations("caseRoles");
  const result = useOpenedCase(detail);
  const opened = result === "failed" ? null : result;
  useAlertReports(detail.id, opened);
  const profile = opened?.profile;
  const name = profile?.ok ? profile.value.fullName : null;
  // The tab lives in the URL (?tab=evidence). Switching rewrites the address in
  // place: no history entry per click, no server round trip (each fetch of the
  // page is an audited content read) and no reload (which would lock the keys).
  const pathname = usePathname();
  const tab = parseCaseTab(useSearchParams().get("tab"));
  const selectTab = (index: number) => {
    const next = caseTabs[index];
    if (next) window.history.replaceState(null, "", `${pathname}${withCaseTab(window.location.search, next)}`);
  };

  return (
    <div className="space-y-4">
      <header className="rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold text-slate-900">{name ?? (opened ? t("damagedName") : "…")}</h1>
          <StateBadge state={detail.state} />
          {profile?.ok && (
            <RiskBadge level={profile.value.riskLevel} withLabel />
          )}
          <span className="ml-auto font-mono text-sm text-slate-600" data-testid="case-reference">
            {detail.reference}
          </span>
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {t("meta", { role: tr(detail.myRole), members: detail.members.length, epoch: detail.currentEpoch })}
        </p>
        <div className="mt-3 space-y-2">
          <WorkflowStepper state={detail.state} heldFrom={detail.heldFrom} />
          <WorkflowBar detail={detail} me={me} keyring={opened?.keyring ?? null} />
        </div>
      </header>

      {result === "failed" && <FormAlert>{t("keybookUnavailable")}</FormAlert>}
      {result === null && <ProgressNote>{t("opening")}</ProgressNote>}
      {opened && opened.changed.length > 0 && (
        <SecurityAlert testId="keys-changed-alert">
          <p>{t("keysChanged", { names: opened.changed.map((c) => nameOf(detail, c.userId)).join(", ") })}</p>
        </SecurityAlert>
      )}
      {opened && <ChainAlerts detail={detail} opened={opened} />}
      {opened && !isCurrent(opened.epoch) && (
        <SecurityAlert testId="rollback-alert">
          <p>{t("epochRolledBack", { epoch: detail.currentEpoch })}</p>
        </SecurityAlert>
      )}
      {opened && !profile?.ok && (
        <FormAlert>{t(profile?.problem === "no_key" ? "noKey" : profile?.problem === "rolled_back" ? "profileRolledBack" : "damaged")}</FormAlert>
      )}
      {opened && (
        <DeactivatedMembers detail={detail} head={opened.chain.ok ? opened.chain.head : null} canManage={allowsCaseAction(me.orgRole, detail.myRole, "case.manage_team")} />
      )}

      <NextStepsPanel detail={detail} onOpen={(next) => selectTab(caseTabs.indexOf(next))} />

      <TabGroup selectedIndex={caseTabs.indexOf(tab)} onChange={selectTab}>
        {/* Seven tabs do not fit a phone: the row scrolls sideways instead of widening the page. */}
        <TabList className="flex gap-1 overflow-x-auto border-b border-slate-200 text-sm whitespace-nowrap">
          {caseTabs.map((id) => (
            <Tab key={id} className="-mb-px border-b-2 border-transparent px-3 py-2 text-slate-600 data-hover:text-slate-900 data-selected:border-accent-700 data-selected:font-medium data-selected:text-slate-900">
              {t(`tabs.${id}`)}
            </Tab>
          ))}
        </TabList>
        <TabPanels className="pt-4">
          <TabPanel>{opened && <ProfileTab detail={detail} opened={opened} orgRole={me.orgRole} />}</TabPanel>
          <TabPanel>{opened && <TestimoniesTab detail={detail} opened={opened} me={me} />}</TabPanel>
          <TabPanel>{opened && <EvidenceTab detail={detail} opened={opened} me={me} />}</TabPanel>
          <TabPanel>{opened && <BundlesTab detail={detail} opened={opened} me={me} />}</TabPanel>
          <TabPanel>{opened && <DeadlinesTab detail={detail} opened={opened} me={me} />}</TabPanel>
          <TabPanel>{opened && <TeamTab detail={detail} me={me} keyring={opened.keyring} head={opened.chain.ok ? opened.chain.head : null} />}</TabPanel>
          <TabPanel>{opened && <HistoryTab detail={detail} opened={opened} />}</TabPanel>
        </TabPanels>
      </TabGroup>
    </div>
  );
}
