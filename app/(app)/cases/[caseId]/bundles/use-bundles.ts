"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { useVault } from "@/lib/account/vault";
import { openWithKeyring, signedPrev, type Opened } from "@/lib/cases/open-case-client";
import { bundleMetaSchema, type BundleMeta, type BundleView } from "@/lib/bundles/schema";
import { readCase } from "@/lib/cases/case-reads-client";
import { reportForged } from "../../../_trust/report-alert";
import { currentRecords } from "../../../_trust/served-marks";

export type OpenedBundle = { view: BundleView; meta: Opened<BundleMeta> };

/**
 * The case's bundles, meta opened in this browser and checked against its
 * marks (an older or spliced version is withheld); loaded again whenever
 * `reload` changes.
 */
export function useBundles(caseId: string, keyring: CaseKeyring, reload: number): OpenedBundle[] | "failed" | null {
  const me = useVault();
  const [state, setState] = useState<{ key: number; value: OpenedBundle[] | "failed" } | null>(null);
  useEffect(() => {
    if (!me) return;
    let live = true;
    void (async () => {
      const result = await readCase<BundleView[]>(caseId, "bundles");
      if (!result.ok) return live && setState({ key: reload, value: "failed" });
      const bundles: OpenedBundle[] = [];
      for (const view of result.data) bundles.push({ view, meta: await openWithKeyring(caseId, view.meta, keyring, bundleMetaSchema, "bundle_meta") });
      reportForged(caseId, bundles.map((b) => b.meta));
      const current = await currentRecords(me, caseId, bundles.map(({ view, meta }) => ({ ...view.meta, prev: signedPrev(meta) })));
      const rolledBack: Opened<BundleMeta> = { ok: false, problem: "rolled_back" };
      if (live) setState({ key: reload, value: bundles.map((b) => (current(b.view.meta.id) ? b : { ...b, meta: rolledBack })) });
    })();
    return () => {
      live = false;
    };
  }, [caseId, keyring, reload, me]);
  // While a reload runs, the previous list stays on screen.
  return state?.value ?? null;
}
