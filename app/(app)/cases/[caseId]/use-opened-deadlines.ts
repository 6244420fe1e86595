"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { signedPrev, type Opened } from "@/lib/cases/open-case-client";
import { openDetails } from "@/lib/deadlines/deadlines-client";
import type { DeadlineDetails, DeadlineView } from "@/lib/deadlines/schema";
import { useVault } from "@/lib/account/vault";
import { readCase } from "@/lib/cases/case-reads-client";
import { reportForged } from "../../_trust/report-alert";
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
      const result = await readCase<DeadlineView[]>(caseId, "deadlines");
      if (!result.ok) return live && setRows([]);
      const opened: OpenedDeadline[] = [];
      for (const view of result.data) opened.push({ view, details: await openDetails(caseId, view.details, keyring) });
      // Details older than a version this browser has seen (a resurrected outcome), or not its successor, are withheld.
      reportForged(caseId, opened.map((row) => row.details));
      const current = await currentRecords(me, caseId, opened.map(({ view, details }) => ({ ...view.details, prev: signedPrev(details) })));
      const rolledBack: Opened<DeadlineDetails> = { ok: false, problem: "rolled_back" };
      if (live) setRows(opened.map((row) => (current(row.view.details.id) ? row : { ...row, details: rolledBack })));
    })();
    return () => {
      live = false;
    };
  }, [caseId, keyring, reload, me]);
  return rows;
}
