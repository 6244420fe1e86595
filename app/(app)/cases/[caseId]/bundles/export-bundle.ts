"use client";

import { exportBundle } from "@/lib/bundles/export-client";
import type { BundleView } from "@/lib/bundles/schema";
import type { CaseDetail } from "@/lib/cases/schema";
import { downloadEvidence } from "@/lib/evidence/download-client";
import { custodyAction } from "../../../evidence/actions";
import type { Candidate } from "./candidates";
import { itemKey, latestVersion } from "./candidates";

// Builds a bundle's ZIP in this browser (lib/bundles/export-client decrypts
// each file and writes the index and manifest) and saves it. The exhibits'
// files are fetched, decrypted and hash-checked one by one as the ZIP asks
// for them; custody comes from the audit log as it stands now.

export class ExportBlockedError extends Error {
  constructor(readonly exhibit: number) {
    super(`exhibit ${exhibit} cannot be exported`);
  }
}

/** A file name for `<reference>-<bundle name>.zip`: nothing a file system could read as a path. */
export function zipFileName(reference: string, bundleName: string): string {
  const clean = `${reference}-${bundleName}`.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_").replace(/^[.\s]+|[.\s]+$/g, "").slice(0, 180);
  return `${clean || reference}.zip`;
}

/** Saves a Blob under `name` through an object URL (revoked once the browser has it). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type Person = { userId: string; displayName: string; signPublicKey: string; boxPublicKey?: string };

function personOf(detail: CaseDetail, userId: string): Person {
  const p = detail.people.find((x) => x.userId === userId);
  if (p) return { userId, displayName: p.displayName, signPublicKey: p.signPublicKey, boxPublicKey: p.boxPublicKey };
  const former = detail.formerSigners.find((x) => x.userId === userId);
  return { userId, displayName: "—", signPublicKey: former?.signPublicKey ?? "" };
}

export async function exportCaseBundle({
  detail,
  bundle,
  bundleName,
  exportedBy,
  candidates,
  onProgress,
}: {
  detail: CaseDetail;
  bundle: BundleView;
  bundleName: string;
  exportedBy: string;
  candidates: Map<string, Candidate>;
  /** Bytes of exhibit content written so far, out of the total. */
  onProgress: (done: number, total: number) => void;
}): Promise<{ blob: Blob; fileName: string }> {
  const caseId = detail.id;
  const exhibits = [];
  for (const item of bundle.items) {
    const c = candidates.get(itemKey(item));
    if (!c || !c.selectable) throw new ExportBlockedError(item.position);
    if (c.kind === "evidence") {
      const { row, meta } = c.item;
      if (!meta.ok) throw new ExportBlockedError(item.position);
      const custody = await custodyAction({ caseId, evidenceId: row.id });
      if (!custody.ok) throw new ExportBlockedError(item.position);
      const opened = meta.value;
      exhibits.push({
        kind: "evidence" as const,
        number: item.position,
        evidenceId: row.id,
        meta: opened,
        uploader: personOf(detail, row.uploaderId),
        signature: row.signature,
        signedAt: row.signedAt,
        reviewStatus: row.reviewStatus,
        custody: custody.data,
        file: () => downloadEvidence({ caseId, evidenceId: row.id, meta: opened, purpose: "download" }),
      });
    } else {
      const { latest } = c.item;
      if (!latest.content.ok) throw new ExportBlockedError(item.position);
      const version = latestVersion(c.item);
      exhibits.push({
        kind: "testimony" as const,
        number: item.position,
        testimonyId: c.id,
        version: version.version,
        content: latest.content.value,
        author: personOf(detail, version.authorId),
        signature: version.signature,
        signedAt: version.signedAt,
        title: c.label,
      });
    }
  }
  const blob = await exportBundle({
    caseId,
    reference: detail.reference,
    bundleId: bundle.id,
    bundleName,
    exportedBy,
    exportedAt: new Date().toISOString(),
    exhibits,
    onProgress,
  });
  return { blob, fileName: zipFileName(detail.reference, bundleName) };
}
