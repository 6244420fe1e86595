"use client";

import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openWithKeyring, signedPrev, type Opened } from "@/lib/cases/open-case-client";
import type { Signer } from "@/lib/cases/schema";
import { checkEvidenceSignature, type SignatureState } from "@/lib/evidence/download-client";
import { reviewNoteSchema } from "@/lib/evidence/review-note";
import { evidenceMetaSchema, type EvidenceMeta } from "@/lib/evidence/schema";
import type { EvidenceRow } from "@/lib/evidence/wire";
import { useVault } from "@/lib/account/vault";
import { readCase } from "@/lib/cases/case-reads-client";
import type { EvidenceList } from "@/lib/evidence/wire";
import { reportForged } from "../../../_trust/report-alert";
import { currentRecords } from "../../../_trust/served-marks";

export type ReviewNoteView = { id: string; authorId: string; createdAt: string; note: string };
export type OpenedEvidence = {
  row: EvidenceRow;
  meta: Opened<EvidenceMeta>;
  signature: SignatureState;
  /** The uploader's key that verified the signature (null unless "valid"): custody shows its fingerprint. */
  signer: Signer | null;
  notes: ReviewNoteView[];
};

/** The case's evidence: metadata opened and the uploader's signature checked here, review notes attached to their items. */
export function useEvidence(caseId: string, keyring: CaseKeyring, signers: readonly Signer[], reload: number): OpenedEvidence[] | "failed" | null {
  const me = useVault();
  const [state, setState] = useState<{ key: number; value: OpenedEvidence[] | "failed" } | null>(null);
  useEffect(() => {
    if (!me) return;
    let live = true;
    void (async () => {
      const result = await readCase<EvidenceList>(caseId, "evidence");
      if (!result.ok) return live && setState({ key: reload, value: "failed" });
      const openedNotes = await Promise.all(result.data.reviewNotes.map(async (record) => ({ record, opened: await openWithKeyring(caseId, record, keyring, reviewNoteSchema, "review_note") })));
      const openedMeta = new Map<string, Opened<EvidenceMeta>>();
      for (const record of result.data.meta) openedMeta.set(record.id, await openWithKeyring(caseId, record, keyring, evidenceMetaSchema, "evidence_meta"));
      reportForged(caseId, [...openedMeta.values(), ...openedNotes.map((n) => n.opened)]);
      // Metadata or a note older than a version this browser has seen, or not its successor, is withheld (shown as damaged).
      const current = await currentRecords(me, caseId, [
        ...result.data.meta.map((record) => ({ ...record, prev: signedPrev(openedMeta.get(record.id)) })),
        ...openedNotes.map(({ record, opened }) => ({ ...record, prev: signedPrev(opened) })),
      ]);
      const notes = new Map<string, ReviewNoteView[]>();
      for (const { record, opened } of openedNotes) {
        if (!current(record.id) || !opened.ok) continue;
        const list = notes.get(opened.value.evidenceId) ?? [];
        // The author is the one who signed the note, not whoever the server names.
        list.push({ id: record.id, authorId: opened.signed?.author ?? record.authorId, createdAt: record.createdAt, note: opened.value.note });
        notes.set(opened.value.evidenceId, list);
      }
      const items: OpenedEvidence[] = [];
      for (const row of result.data.evidence) {
        const opened = openedMeta.get(row.id);
        const meta: Opened<EvidenceMeta> = !opened ? { ok: false, problem: "damaged" } : current(row.id) ? opened : { ok: false, problem: "rolled_back" };
        const { state: signature, signer } = meta.ok ? await checkEvidenceSignature(meta.value, { ...row, caseId }, signers) : { state: "broken" as const, signer: null };
        items.push({ row, meta, signature, signer, notes: notes.get(row.id) ?? [] });
      }
      if (live) setState({ key: reload, value: items });
    })();
    return () => {
      live = false;
    };
    // Signers come with the case detail, which reloads the page when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseId, keyring, reload, me]);
  // While a reload runs, the previous list stays on screen.
  return state?.value ?? null;
}
