"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import type { Opened } from "@/lib/cases/open-case-client";
import { openDetails } from "@/lib/deadlines/deadlines-client";
import type { DeadlineDetails, DeadlineView } from "@/lib/deadlines/schema";
import { caseDeadlinesAction } from "../../deadlines/actions";

export type OpenedDeadline = { view: DeadlineView; details: Opened<DeadlineDetails> };

/** The case's deadlines, details opened in this browser; loaded again whenever `reload` changes. */
export function useOpenedDeadlines(caseId: string, keyring: CaseKeyring, reload: number): OpenedDeadline[] | null {
  const [rows, setRows] = useState<OpenedDeadline[] | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const result = await caseDeadlinesAction({ caseId });
      if (!result.ok) return live && setRows([]);
      const opened: OpenedDeadline[] = [];
      for (const view of result.data) opened.push({ view, details: await openDetails(caseId, view.details, keyring) });
      if (live) setRows(opened);
    })();
    return () => {
      live = false;
    };
  }, [caseId, keyring, reload]);
  return rows;
}
