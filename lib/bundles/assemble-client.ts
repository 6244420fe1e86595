/**
 * A case's bundle, assembled and exported in this browser: the verifier page
 * fetched first (no bundle without it), the exhibits' inputs gathered from
 * the candidates (candidates.ts) in the bundle's order with custody read from
 * the audit log as it stands now, then the ZIP built by export-client.ts,
 * which decrypts each file and writes the index and manifest. The exhibits'
 * files are fetched, decrypted and hash-checked one by one as the ZIP asks
 * for them. An exhibit that cannot go in (not selectable, does not open, its
 * custody unreadable) stops the export with BundleExportError
 * "exhibit_blocked" before the ZIP is begun.
 */
import "client-only";
import type { CaseDetail, Signer } from "@/lib/cases/schema";
import { readCase } from "@/lib/cases/case-reads-client";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { downloadEvidence } from "@/lib/evidence/download-client";
import type { CustodyEvent } from "@/lib/evidence/wire";
import type { Locale } from "@/lib/i18n/config";
import { requestTimestamp } from "@/lib/timestamp/timestamp-client";
import { itemKey, latestVersion, type Candidate } from "./candidates";
import { exportBundle, type ExhibitInput } from "./export-client";
import { BundleExportError } from "./export/errors";
import type { Person } from "./export/input";
import type { BundleView } from "./schema";

/** What the export reads of the case: its id and reference, and the names of its people. */
export type BundleCase = Pick<CaseDetail, "id" | "reference" | "people">;

const blocked = (exhibit: number) => new BundleExportError("exhibit_blocked", `exhibit ${exhibit} cannot be exported`, { exhibit });

/** The verifier page could not be fetched: no bundle is made without it. */
const noVerifier = (detail: string) => new BundleExportError("no_verifier", `the verifier page (/verify.html) could not be loaded: ${detail}`);

/**
 * The offline verifier page the server was built with (scripts/build-verifier-page.mjs).
 * A court bundle without it would leave a non-technical reader no way to
 * check it, so a missing or empty page fails the export instead.
 */
async function loadVerifierPage(): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch("/verify.html", { cache: "no-store", credentials: "same-origin" });
  } catch (error) {
    throw noVerifier(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw noVerifier(`HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A redirect to a sign-in page is a 200 too: the page carries a marker (VERIFIER_PAGE_MARKER in the build script).
  if (!new TextDecoder().decode(bytes).includes('<meta name="casevault-verifier"')) throw noVerifier("the response is not the verifier page");
  return bytes;
}

/** A file name for `<reference>-<bundle name>.zip`: nothing a file system could read as a path. */
export function zipFileName(reference: string, bundleName: string): string {
  const clean = `${reference}-${bundleName}`.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, "_").replace(/^[.\s]+|[.\s]+$/g, "").slice(0, 180);
  return `${clean || reference}.zip`;
}

/** The name a bundle prints for a person (the server's; identity is the key's fingerprint, which the bundle names). */
function personOf(detail: BundleCase, userId: string): Person {
  return { userId, displayName: detail.people.find((x) => x.userId === userId)?.displayName ?? "—" };
}

export async function exportCaseBundle({
  detail,
  bundle,
  bundleName,
  me,
  signers,
  language,
  candidates,
  onProgress,
}: {
  detail: BundleCase;
  bundle: BundleView;
  bundleName: string;
  /** The exporting user, unlocked: signs the manifest. */
  me: UnlockedAccount;
  /** Whose signatures count, as this browser's keybook decides. */
  signers: readonly Signer[];
  language: Locale;
  candidates: Map<string, Candidate>;
  /** Bytes of exhibit content written so far, out of the total. */
  onProgress: (done: number, total: number) => void;
}): Promise<{ blob: Blob; fileName: string }> {
  const caseId = detail.id;
  // First, before anything is read or decrypted: without it there is no bundle.
  const verifierPage = await loadVerifierPage();
  const exhibits: ExhibitInput[] = [];
  for (const item of bundle.items) {
    const c = candidates.get(itemKey(item));
    if (!c || !c.selectable) throw blocked(item.position);
    if (c.kind === "evidence") {
      const { row, meta } = c.item;
      if (!meta.ok) throw blocked(item.position);
      const custody = await readCase<CustodyEvent[]>(caseId, "evidence", row.id, "custody");
      if (!custody.ok) throw blocked(item.position);
      const opened = meta.value;
      exhibits.push({
        kind: "evidence" as const,
        number: item.position,
        evidenceId: row.id,
        meta: opened,
        uploader: personOf(detail, row.uploaderId),
        signature: row.signature,
        signedAt: row.signedAt,
        timestamp: row.timestamp ?? null,
        custody: custody.data,
        file: () => downloadEvidence({ caseId, evidenceId: row.id, meta: opened, purpose: "download" }),
      });
    } else {
      const { latest } = c.item;
      if (!latest.content.ok) throw blocked(item.position);
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
    exportedAt: new Date().toISOString(),
    language,
    // Dates print in this browser's zone, named beside each one.
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    exporter: { account: me, displayName: personOf(detail, me.userId).displayName },
    signers,
    exhibits,
    onProgress,
    verifierPage,
    // RFC 3161 over the manifest via the server's TSA proxy: null when no TSA is configured; a TSA that is down fails the export.
    timestamp: (digest) => requestTimestamp(caseId, digest),
  });
  return { blob, fileName: zipFileName(detail.reference, bundleName) };
}
