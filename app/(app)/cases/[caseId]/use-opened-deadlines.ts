"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import type { Opened } from "@/lib/cases/open-case-client";
import { openDetails } from "@/lib/deadlines/deadlines-client";
import type { DeadlineDetails, DeadlineView } from "@/lib/deadlines/schema";
import { useVault } from "@/lib/account/vault";
import { caseDeadlinesAction } from "../../deadlines/actions";
import { currentRecords } from "../../_trust/served-marks";

export type OpenedDeadline = { view: DeadlineView; details: Opened<DeadlineDetails> };

/** The case's deadlines, details opened in this browser (and checked against its marks); loaded again whenever `reload` changes. */
export function useOpenedDeadlines(caseId: string, keyring: CaseKeyring, reload: number): OpenedDeadline[] | null {
  const me = useVault();
  const [rows, setRows] = useState<OpenedDeadline[] | null>(null);
  useEffect(() => {
    if (!me) return;
    let live = true;
    void (async () => {
      const result = await caseDeadlinesAction({ caseId });
      if (!result.ok) return live && setRows([]);
      // Details older than a version this browser has seen (a resurrected outcome) are withheld.
      const current = await currentRecords(me, caseId, result.data.map((view) => view.details));
      const opened: OpenedDeadline[] = [];
      for (const view of result.data) {
        const details: Opened<DeadlineDetails> = current(view.details.id) ? await openDetails(caseId, view.details, keyring) : { ok: false, problem: "rolled_back" };
        opened.push({ view, details });
      }
      if (live) setRows(opened);
    })();
    return () => {
      live = false;
    };
  }, [caseId, keyring, reload, me]);
  return rows;
}
