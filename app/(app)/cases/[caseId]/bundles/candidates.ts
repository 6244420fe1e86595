import type { ReviewStatus } from "@/lib/evidence/wire";
import type { BundleItemWire } from "@/lib/bundles/schema";
import { allowsLegalUse } from "@/lib/testimonies/consent";
import type { OpenedEvidence } from "../evidence/use-evidence";
import type { OpenedTestimony } from "../use-testimonies";

// What can go into a bundle, as the builder and the export see it: each
// evidence item and testimony of the case, opened in this browser, with
// whether it may be an exhibit (testimonies: the latest version, opened and
// signature-verified here, consents to use in legal proceedings — read from
// its own consent log; the server's consent bit is only an index).

export type Candidate =
  | { key: string; kind: "evidence"; id: string; label: string; reviewStatus: ReviewStatus; selectable: boolean; item: OpenedEvidence }
  | { key: string; kind: "testimony"; id: string; label: string; version: number; legalUseConsent: boolean; selectable: boolean; item: OpenedTestimony };

export const evidenceKey = (id: string) => `e:${id}`;
export const testimonyKey = (id: string) => `t:${id}`;
export const itemKey = (i: { evidenceId?: string | null; testimonyId?: string | null }) => (i.evidenceId ? evidenceKey(i.evidenceId) : testimonyKey(i.testimonyId ?? ""));

export function toWireItem(key: string): BundleItemWire {
  const id = key.slice(2);
  return key.startsWith("e:") ? { evidenceId: id } : { testimonyId: id };
}

/** The latest version's metadata of a testimony (versions come newest first; checked anyway). */
export function latestVersion(t: OpenedTestimony) {
  return t.versions.reduce((a, b) => (b.version > a.version ? b : a), t.versions[0]!);
}

export function testimonyTitle(t: OpenedTestimony, untitled: string): string {
  if (!t.latest.content.ok) return untitled;
  const { informant, interview } = t.latest.content.value;
  return [informant.name || untitled, interview.date].filter(Boolean).join(" — ");
}

export function buildCandidates(evidence: OpenedEvidence[], testimonies: OpenedTestimony[], labels: { damaged: string; untitled: string }): Candidate[] {
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
