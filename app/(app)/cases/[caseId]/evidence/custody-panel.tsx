"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import type { Signer } from "@/lib/cases/schema";
import type { SignatureState } from "@/lib/evidence/download-client";
import { sha256Blocks } from "@/lib/evidence/hash-display";
import { Button } from "@/app/_components/form/button";
import { readCase } from "@/lib/cases/case-reads-client";
import type { CustodyEvent } from "@/lib/evidence/wire";
import { useFingerprint } from "../use-fingerprint";

type Names = Map<string, string>;

/**
 * An item's chain of custody: first the upload as this browser verified it
 * (the plaintext SHA-256 and the key that signed it), then the server's log.
 *
 * Must always hold: the hash and signer shown are the ones the uploader's
 * signature was checked against here (state "valid"); anything else is said
 * plainly and no hash is offered for comparison.
 */
export function CustodyPanel({
  caseId,
  evidenceId,
  name,
  sha256,
  signature,
  signer,
  uploaderName,
  names,
}: {
  caseId: string;
  evidenceId: string;
  name: string;
  /** base64url, from the opened (signed) metadata. */
  sha256: string;
  signature: SignatureState;
  signer: Signer | null;
  uploaderName: string;
  names: Names;
}) {
  const t = useTranslations("evidence");
  const format = useFormatter();
  const [events, setEvents] = useState<CustodyEvent[] | null>(null);
  useEffect(() => {
    let live = true;
    void readCase<CustodyEvent[]>(caseId, "evidence", evidenceId, "custody").then((r) => live && setEvents(r.ok ? r.data : []));
    return () => {
      live = false;
    };
  }, [caseId, evidenceId]);

  return (
    <section className="mt-2 rounded border border-slate-200 bg-slate-50 text-xs" aria-label={t("custodyOne", { name })} data-testid="custody">
      {signature === "valid" && signer ? (
        <SignedUpload sha256={sha256} signer={signer} uploaderName={uploaderName} name={name} />
      ) : (
        <div className="rounded-t border-b border-red-200 bg-red-50 p-2 text-red-900" data-testid="custody-signature">
          <p className="font-semibold">{t(`signature.${signature}`)}</p>
          <p>{t(signature === "unknown_key" ? "custodyPanel.unknownKey" : "custodyPanel.broken")}</p>
        </div>
      )}
      {!events ? (
        <p className="p-2 text-slate-500">{t("loading")}</p>
      ) : (
        <ol className="space-y-0.5 p-2" aria-label={t("custodyPanel.events")}>
          {events.map((e) => (
            <li key={e.seq}>
              <span className="font-mono text-slate-500">#{e.seq}</span> {format.dateTime(new Date(e.at), { dateStyle: "medium", timeStyle: "medium" })} ·{" "}
              {t.has(`custodyActions.${e.action.replace(".", "_")}`) ? t(`custodyActions.${e.action.replace(".", "_")}`) : e.action} · {e.actorId ? (names.get(e.actorId) ?? "—") : "—"}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function SignedUpload({ sha256, signer, uploaderName, name }: { sha256: string; signer: Signer; uploaderName: string; name: string }) {
  const t = useTranslations("evidence.custodyPanel");
  const [copied, setCopied] = useState(false);
  const blocks = useMemo(() => sha256Blocks(sha256), [sha256]);
  // The hook re-runs on a new object: one per signer, not per render.
  const keys = useMemo(() => (signer.boxPublicKey ? { boxPublicKey: signer.boxPublicKey, signPublicKey: signer.signPublicKey } : null), [signer]);
  const fingerprint = useFingerprint(keys);
  return (
    <dl className="grid gap-x-3 gap-y-1.5 border-b border-slate-200 p-2 sm:grid-cols-[8rem_minmax(0,1fr)]" data-testid="custody-signature">
      <dt className="text-slate-600">{t("sha256")}</dt>
      <dd className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <code className="font-mono text-[12px] leading-5 tracking-wide text-slate-900" data-testid="custody-sha256">
          {blocks.join(" ")}
        </code>
        <Button
          type="button"
          variant="secondary"
          className="px-2! py-0.5! text-xs!"
          aria-label={t("copyOf", { name })}
          onClick={() => void navigator.clipboard?.writeText(blocks.join("")).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? t("copied") : t("copy")}
        </Button>
        {/* The button keeps its name; a screen reader hears that the copy worked. */}
        <span role="status" className="sr-only">
          {copied ? t("copied") : ""}
        </span>
      </dd>
      <dt className="text-slate-600">{t("signedBy")}</dt>
      <dd className="text-slate-900" data-testid="custody-signer">
        <span className="font-medium">{uploaderName}</span>
        {signer.until && <span className="text-slate-600"> · {t("formerKey")}</span>}
        <span className="block text-slate-600 sm:inline">
          <span className="hidden text-slate-400 sm:inline"> · </span>
          {t("fingerprint")} <code className="font-mono text-[11px] tracking-wide text-slate-800">{keys ? (fingerprint ?? "…") : "—"}</code>
        </span>
      </dd>
    </dl>
  );
}
