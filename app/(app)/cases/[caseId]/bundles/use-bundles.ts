"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, type Opened } from "@/lib/cases/open-case-client";
import { bundleMetaSchema, type BundleMeta, type BundleView } from "@/lib/bundles/schema";
import { bundlesAction } from "../../../bundles/actions";

export type OpenedBundle = { view: BundleView; meta: Opened<BundleMeta> };

/** The case's bundles, meta opened in this browser; loaded again whenever `reload` changes. */
export function useBundles(caseId: string, keyring: CaseKeyring, reload: number): OpenedBundle[] | "failed" | null {
  const [state, setState] = useState<{ key: number; value: OpenedBundle[] | "failed" } | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const result = await bundlesAction({ caseId });
      if (!result.ok) return live && setState({ key: reload, value: "failed" });
      const bundles: OpenedBundle[] = [];
      for (const view of result.data) bundles.push({ view, meta: await openWithKeyring(caseId, view.meta, keyring, bundleMetaSchema, "bundle_meta") });
      if (live) setState({ key: reload, value: bundles });
    })();
    return () => {
      live = false;
    };
  }, [caseId, keyring, reload]);
  // While a reload runs, the previous list stays on screen.
  return state?.value ?? null;
}
