import type { Opened } from "@/lib/cases/open-case-client";
import type { EvidenceMeta } from "@/lib/evidence/schema";
import type { EvidenceRow, ReviewStatus } from "@/lib/evidence/wire";
import { allowsLegalUse } from "@/lib/testimonies/consent";
import type { OpenedVersion } from "@/lib/testimonies/testimonies-client";
import type { TestimonyVersionMeta } from "@/lib/testimonies/wire";
import type { BundleItemWire } from "./schema";

// What can go into a bundle, as the builder and the export see it: each
// evidence item and testimony of the case, opened in this browser, with
// whether it may be an exhibit (testimonies: the latest version, opened and
// signature-verified here, consents to use in legal proceedings — read from
// its own consent log; the server's consent bit is only an index).

/** What a candidate and the export read of an evidence item opened in this browser (the evidence tab's items are these and more). */
export type CandidateEvidence = {
  row: Pick<EvidenceRow, "id" | "uploaderId" | "reviewStatus" | "signature" | "signedAt" | "timestamp">;
  meta: Opened<EvidenceMeta>;
};

/** What a candidate and the export read of a testimony opened in this browser: its versions' metadata and its latest version, opened and checked. */
export type CandidateTestimony = {
  testimonyId: string;
  versions: Pick<TestimonyVersionMeta, "version" | "authorId" | "signature" | "signedAt">[];
  latest: OpenedVersion;
};

export type Candidate =
  | { key: string; kind: "evidence"; id: string; label: string; reviewStatus: ReviewStatus; selectable: boolean; item: CandidateEvidence }
  | { key: string; kind: "testimony"; id: string; label: string; version: number; legalUseConsent: boolean; selectable: boolean; item: CandidateTestimony };

export const evidenceKey = (id: string) => `e:${id}`;
export const testimonyKey = (id: string) => `t:${id}`;
export const itemKey = (i: { evidenceId?: string | null; testimonyId?: string | null }) => (i.evidenceId ? evidenceKey(i.evidenceId) : testimonyKey(i.testimonyId ?? ""));

export function toWireItem(key: string): BundleItemWire {
  const id = key.slice(2);
  return key.startsWith("e:") ? { evidenceId: id } : { testimonyId: id };
}

/** The latest version's metadata of a testimony (versions come newest first; checked anyway). */
export function latestVersion(t: CandidateTestimony) {
  return t.versions.reduce((a, b) => (b.version > a.version ? b : a), t.versions[0]!);
}

export function testimonyTitle(t: CandidateTestimony, untitled: string): string {
  if (!t.latest.content.ok) return untitled;
  const { informant, interview } = t.latest.content.value;
  return [informant.name || untitled, interview.date].filter(Boolean).join(" — ");
}

export function buildCandidates(evidence: CandidateEvidence[], testimonies: CandidateTestimony[], labels: { damaged: string; untitled: string }): Candidate[] {
  const out: Candidate[] = [];
  for (const item of evidence) {
    out.push({
      key: evidenceKey(item.row.id),
      kind: "evidence",
      id: item.row.id,
      label: item.meta.ok ? item.meta.value.name : labels.damaged,
      reviewStatus: item.row.reviewStatus,
      // An item that does not open cannot be put into a ZIP.
      selectable: item.meta.ok,
      item,
    });
  }
  for (const item of testimonies) {
    if (item.versions.length === 0) continue;
    const latest = latestVersion(item);
    const { content, signature } = item.latest;
    const consented = content.ok && signature === "valid" && allowsLegalUse(content.value);
    out.push({
      key: testimonyKey(item.testimonyId),
      kind: "testimony",
      id: item.testimonyId,
      label: item.latest.content.ok ? testimonyTitle(item, labels.untitled) : labels.damaged,
      version: latest.version,
      legalUseConsent: consented,
      selectable: consented,
      item,
    });
  }
  return out;
}
