"use client";

import { useEffect, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { openKeyring, openProfile } from "@/lib/cases/open-case-client";
import { fetchDashboard, openDetails } from "@/lib/deadlines/deadlines-client";
import type { DeadlineDetails, DeadlineView } from "@/lib/deadlines/schema";
import { trustedSignersFor } from "../_trust/trust-sessions";

export type DashboardRow = {
  view: DeadlineView;
  details: DeadlineDetails | null;
  reference: string;
  caseState: string;
  personName: string | null;
};

/** `loadedAt`: "now" for days-left and buckets, fixed per load so a list does not reshuffle while read. */
export type DashboardData = { rows: DashboardRow[]; people: Map<string, string>; failed: boolean; loadedAt: Date };

/**
 * Deadlines in [from, to) (plus open overdue ones when asked) across the
 * viewer's cases. Each case's keys are opened and checked here, used for its
 * rows, and wiped; only the rows the server sent are decrypted.
 */
export function useDashboard(range: { from: string; to: string; overdue: boolean } | null): DashboardData | null {
  const me = useVault();
  // Tagged with the range it answers, so a new range shows "loading" rather than old rows.
  const [data, setData] = useState<(DashboardData & { key: string }) | null>(null);
  const key = range ? `${range.from}|${range.to}|${range.overdue}` : "";
  useEffect(() => {
    if (!me || !range) return;
    let live = true;
    void (async () => {
      const board = await fetchDashboard(range);
      if (!board) return live && setData({ key, rows: [], people: new Map(), failed: true, loadedAt: new Date() });
      const rows: DashboardRow[] = [];
      const signers = await trustedSignersFor(me, board.people).catch(() => null);
      if (!signers) return live && setData({ key, rows: [], people: new Map(), failed: true, loadedAt: new Date() });
      for (const kase of board.cases) {
        const keyring = await openKeyring(kase, signers, me);
        try {
          const profile = await openProfile(kase, kase.profile, keyring);
          for (const view of board.deadlines.filter((d) => d.caseId === kase.id)) {
            const details = await openDetails(kase.id, view.details, keyring);
            rows.push({ view, details: details.ok ? details.value : null, reference: kase.reference, caseState: kase.state, personName: profile.ok ? profile.value.fullName : null });
          }
        } finally {
          keyring.wipe();
        }
      }
      rows.sort((a, b) => a.view.dueAt.localeCompare(b.view.dueAt));
      if (live) setData({ key, rows, people: new Map(board.people.map((p) => [p.userId, p.displayName])), failed: false, loadedAt: new Date() });
    })();
    return () => {
      live = false;
    };
    // The range is compared by value (`key`), not by object identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me, key]);
  return data?.key === key ? data : null;
}
