"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import type { Opened } from "@/lib/cases/open-case-client";
import type { Signer } from "@/lib/cases/schema";
import { openDraft, openTestimonyVersion, type DraftContent, type OpenedVersion } from "@/lib/testimonies/testimonies-client";
import type { TestimonyList, TestimonyVersionMeta } from "@/lib/testimonies/wire";
import { testimoniesAction } from "../../testimonies/actions";

export type OpenedTestimony = { testimonyId: string; versions: TestimonyVersionMeta[]; latest: OpenedVersion };
export type OpenedDraft = { draftId: string; updatedAt: string; content: Opened<DraftContent> };
export type CaseTestimonies = { list: TestimonyList; testimonies: OpenedTestimony[]; drafts: OpenedDraft[] };

/** The case's testimonies (latest versions opened and their signatures checked here) and my drafts. */
export function useTestimonies(caseId: string, keyring: CaseKeyring | null, signers: Signer[]): CaseTestimonies | "failed" | null {
  const [state, setState] = useState<CaseTestimonies | "failed" | null>(null);
  useEffect(() => {
    if (!keyring) return;
    let live = true;
    void (async () => {
      const result = await testimoniesAction({ caseId });
      if (!result.ok) return live && setState("failed");
      const list = result.data;
      const testimonies: OpenedTestimony[] = [];
      for (const record of list.latest) {
        const versions = list.versions.filter((v) => v.testimonyId === record.id);
        const meta = versions.find((v) => v.version === record.version);
        if (!meta) continue;
        testimonies.push({ testimonyId: record.id, versions, latest: await openTestimonyVersion(caseId, record, meta, keyring, signers) });
      }
      const drafts: OpenedDraft[] = [];
      for (const d of list.drafts) drafts.push({ draftId: d.id, updatedAt: d.updatedAt, content: await openDraft(caseId, d, keyring) });
      if (live) setState({ list, testimonies, drafts });
    })();
    return () => {
      live = false;
    };
    // Signers come with the case detail; the list reloads when the case does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, keyring]);
  return state;
}
