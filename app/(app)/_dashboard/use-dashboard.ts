"use client";

import { useCallback, useMemo } from "react";
import { useVault } from "@/lib/account/vault";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { fetchCaseSummaries, openedCases } from "@/lib/cases/opened-cases";
import { fetchDashboardPage, openShown, type DashboardPageRequest, type DeadlineShown } from "@/lib/deadlines/deadlines-client";
import type { DashboardPage, DashboardRowWire } from "@/lib/deadlines/schema";
import { usePages, type LoadedPage, type Pages } from "@/app/_components/paging/use-pages";
import { trustedSignersFor } from "../_trust/trust-sessions";

export type DashboardRow = {
  view: DashboardRowWire;
  details: DeadlineShown | null;
  reference: string;
  caseState: string;
  personName: string | null;
  /** The assignee's display name as the server has it; null when nobody is assigned. */
  assigneeName: string | null;
};

/** A page's rows, opened with the keys of their cases (held from earlier pages, or fetched and checked once). */
async function openPage(me: UnlockedAccount, page: DashboardPage): Promise<DashboardRow[]> {
  const cases = await openedCases(me, page.cases, fetchCaseSummaries, (people) => trustedSignersFor(me, people));
  const refs = new Map(page.cases.map((c) => [c.id, c]));
  const names = new Map(page.assignees.map((p) => [p.userId, p.displayName]));
  const rows: DashboardRow[] = [];
  for (const view of page.deadlines) {
    const ref = refs.get(view.caseId);
    if (!ref) continue;
    const kase = cases.get(view.caseId) ?? null;
    const details = kase ? await openShown(view, kase.keyring) : null;
    rows.push({
      view,
      details: details?.ok ? details.value : null,
      reference: ref.reference,
      caseState: ref.state,
      personName: kase?.person?.name ?? null,
      assigneeName: view.assigneeId ? (names.get(view.assigneeId) ?? "—") : null,
    });
  }
  return rows;
}

/**
 * One query of the dashboard (a group of the urgency list, or a calendar
 * month), a page at a time. Only the rows sent are decrypted.
 */
export function useDeadlinePages(request: DashboardPageRequest | null): Pages<DashboardRow> | null {
  const me = useVault();
  // The same query asked again (a new object each render) is not a new query.
  const key = request ? JSON.stringify(request) : null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the request's value
  const stable = useMemo(() => request, [key]);
  const load = useCallback(
    async (after: string | undefined): Promise<LoadedPage<DashboardRow> | null> => {
      if (!me || !stable) return null;
      const page = await fetchDashboardPage({ ...stable, after });
      return page && { rows: await openPage(me, page), total: page.total, next: page.next };
    },
    [me, stable],
  );
  return usePages(me && stable ? load : null);
}
