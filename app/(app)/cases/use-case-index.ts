"use client";

import { useEffect, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { buildCaseIndex, type IndexedCase } from "@/lib/cases/case-list-client";
import { trustedSignersFor } from "../_trust/trust-sessions";

export type CaseIndex = { rows: IndexedCase[]; total: number; failed: boolean };

/**
 * The search index over every case of the viewer, built the first time
 * `wanted` is true (the first search) and kept while the list is shown:
 * every page of refs, each case opened once (lib/cases/opened-cases.ts).
 * Memory only — this component's state; a reload or leaving the page drops
 * it, and a lock wipes the keys it was opened with. Null until the first
 * page is in; then the rows indexed so far and the total while it grows.
 */
export function useCaseIndex(wanted: boolean): CaseIndex | null {
  const me = useVault();
  const [started, setStarted] = useState(false);
  const [index, setIndex] = useState<CaseIndex | null>(null);
  if (wanted && !started) setStarted(true);

  useEffect(() => {
    if (!started || !me) return;
    const controller = new AbortController();
    void buildCaseIndex(me, (people) => trustedSignersFor(me, people), (rows, total) => setIndex({ rows, total, failed: false }), controller.signal).then((ok) => {
      if (!ok && !controller.signal.aborted) setIndex((i) => ({ rows: i?.rows ?? [], total: i?.total ?? 0, failed: true }));
    });
    return () => controller.abort();
  }, [started, me]);

  return started ? index : null;
}
