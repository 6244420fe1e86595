"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import type { Opened } from "@/lib/cases/open-case-client";
import type { Signer } from "@/lib/cases/schema";
import { historyComplete } from "@/lib/testimonies/history";
import { openDraft, openTestimonyVersion, type DraftContent, type OpenedVersion } from "@/lib/testimonies/testimonies-client";
import type { TestimonyList, TestimonyVersionMeta } from "@/lib/testimonies/wire";
import { useVault } from "@/lib/account/vault";
import { marksCodec } from "@/lib/trust/marks";
import { reportAlertOnce } from "../../_trust/report-alert";
import { isCurrent, observeCase } from "@/lib/trust/observe-marks";
import { readCase } from "@/lib/cases/case-reads-client";
import { trustSessionFor } from "../../_trust/trust-sessions";

export type OpenedTestimony = { testimonyId: string; versions: TestimonyVersionMeta[]; latest: OpenedVersion };
export type OpenedDraft = { draftId: string; updatedAt: string; content: Opened<DraftContent> };
export type CaseTestimonies = { list: TestimonyList; testimonies: OpenedTestimony[]; drafts: OpenedDraft[] };

const latestOf = (t: OpenedTestimony) => Math.max(...t.versions.map((v) => v.version));

const rolledBack: OpenedVersion = { content: { ok: false, problem: "damaged" }, signature: "rolled_back" };

/**
 * The case's testimonies (latest versions opened and their signatures checked
 * here, each against this browser's high-water mark: a latest version older
 * than one already seen is "rolled_back" and its content withheld) and my drafts.
 */
export function useTestimonies(caseId: string, keyring: CaseKeyring | null, signers: readonly Signer[]): CaseTestimonies | "failed" | null {
  const me = useVault();
  const [state, setState] = useState<CaseTestimonies | "failed" | null>(null);
  useEffect(() => {
    if (!keyring || !me) return;
    let live = true;
    void (async () => {
      const [result, marks] = await Promise.all([readCase<TestimonyList>(caseId, "testimonies"), trustSessionFor(marksCodec, me).catch(() => null)]);
      if (!result.ok || !marks) return live && setState("failed");
      const list = result.data;
      const seen = await observeCase(marks, caseId, { records: list.latest });
      const testimonies: OpenedTestimony[] = [];
      for (const record of list.latest) {
        const versions = list.versions.filter((v) => v.testimonyId === record.id);
        const meta = versions.find((v) => v.version === record.version);
        if (!meta) continue;
        // A version taken out of the middle of the history makes the latest doubtful too.
        const current = isCurrent(seen.records.get(record.id) ?? "ahead") && historyComplete(versions, record.version);
        testimonies.push({ testimonyId: record.id, versions, latest: current ? await openTestimonyVersion(caseId, record, meta, keyring, signers) : rolledBack });
      }
      if ([...seen.records.values()].some((v) => !isCurrent(v)) || testimonies.some((t) => t.latest === rolledBack)) reportAlertOnce({ caseId, kind: "record_rolled_back", userIds: [] });
      const forged = testimonies.filter((t) => t.latest.signature === "broken").map((t) => t.versions.find((v) => v.version === latestOf(t))?.authorId ?? "");
      if (forged.length > 0) reportAlertOnce({ caseId, kind: "bad_signature", userIds: [...new Set(forged.filter(Boolean))] });
      const drafts: OpenedDraft[] = [];
      for (const d of list.drafts) drafts.push({ draftId: d.id, updatedAt: d.updatedAt, content: await openDraft(caseId, d, keyring) });
      if (live) setState({ list, testimonies, drafts });
    })();
    return () => {
      live = false;
    };
    // Signers come with the case detail; the list reloads when the case does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, keyring, me]);
  return state;
}
