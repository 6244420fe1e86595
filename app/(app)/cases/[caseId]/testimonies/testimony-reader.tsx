"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { allowsCaseAction } from "@/lib/auth/policy";
import type { CaseDetail } from "@/lib/cases/schema";
import type { Testimony } from "@/lib/testimonies/schema";
import { openTestimonyVersion, type OpenedVersion } from "@/lib/testimonies/testimonies-client";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { PrintView } from "@/app/_components/testimonies/print-view";
import { SignatureWarning } from "@/app/_components/testimonies/signature-warning";
import { TestimonyStatement, type StatementMeta } from "@/app/_components/testimonies/testimony-statement";
import { VersionDiff } from "@/app/_components/testimonies/version-diff";
import { VersionHistory } from "@/app/_components/testimonies/version-history";
import { readCase } from "@/lib/cases/case-reads-client";
import type { SealedRecordView } from "@/lib/cases/schema";
import { caseTabHref } from "../case-tabs";
import type { Me } from "../me";
import { useFingerprint } from "../use-fingerprint";
import type { OpenedCase } from "../use-opened-case";
import type { OpenedTestimony } from "../use-testimonies";
import { WithOpenedTestimonies } from "./with-opened-testimonies";

/** One testimony read like a statement: any version, its signature checked on opening; diffs between versions; a print view. */
export function TestimonyReader({ detail, me, testimonyId }: { detail: CaseDetail; me: Me; testimonyId: string }) {
  const t = useTranslations("testimonyEditor");
  return (
    <WithOpenedTestimonies detail={detail}>
      {(opened, data) => {
        const testimony = data.testimonies.find((x) => x.testimonyId === testimonyId);
        if (!testimony) return <FormAlert>{t("notFound")}</FormAlert>;
        return <ReaderBody detail={detail} me={me} opened={opened} testimony={testimony} />;
      }}
    </WithOpenedTestimonies>
  );
}

function ReaderBody({ detail, me, opened, testimony }: { detail: CaseDetail; me: Me; opened: OpenedCase; testimony: OpenedTestimony }) {
  const t = useTranslations("testimonyEditor");
  const saved = useSearchParams().get("saved");
  const latest = testimony.versions[0]!.version;
  const [versions, setVersions] = useState<Map<number, OpenedVersion>>(() => new Map([[latest, testimony.latest]]));
  const [selected, setSelected] = useState(latest);
  const [compare, setCompare] = useState<[number, number] | null>(null);
  const [printing, setPrinting] = useState(false);
  const names = new Map(detail.people.map((p) => [p.userId, p.displayName]));
  const signers = opened.signers;
  const wanted = [selected, ...(compare ?? [])].filter((v) => !versions.has(v));

  // Older versions are fetched and verified when first asked for.
  useEffect(() => {
    if (wanted.length === 0) return;
    let live = true;
    void (async () => {
      const add = new Map<number, OpenedVersion>();
      for (const version of wanted) {
        const meta = testimony.versions.find((v) => v.version === version);
        const result = await readCase<SealedRecordView>(detail.id, "testimonies", testimony.testimonyId, "versions", version);
        if (!meta) continue;
        add.set(version, result.ok ? await openTestimonyVersion(detail.id, result.data, meta, opened.keyring, signers) : { content: { ok: false, problem: "damaged" }, signature: "broken" });
      }
      if (live) setVersions((old) => new Map([...old, ...add]));
    })();
    return () => {
      live = false;
    };
    // `wanted` is derived from the state below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected, compare]);

  const meta = testimony.versions.find((v) => v.version === selected)!;
  const author = detail.people.find((p) => p.userId === meta.authorId) ?? null;
  const fingerprint = useFingerprint(author);
  const current = versions.get(selected);
  const statementMeta: StatementMeta = {
    reference: detail.reference,
    personName: opened.profile.ok ? opened.profile.value.fullName : null,
    version: selected,
    authorName: names.get(meta.authorId) ?? "—",
    savedAt: meta.signedAt,
    signature: { state: current?.signature ?? "unknown_key", fingerprint },
  };
  // Broken: never shown. Unknown key (e.g. an author no longer in the org): shown under its warning.
  const trusted = (v: OpenedVersion | undefined): Testimony | null => (v && v.signature !== "broken" && v.content.ok ? (v.content.value as Testimony) : null);
  const shown = trusted(current);
  const canWrite = allowsCaseAction(me.orgRole, detail.myRole, "case.testimony_write");

  if (printing && shown) {
    return (
      <div className="space-y-3">
        <Button variant="secondary" className="print:hidden" onClick={() => setPrinting(false)}>
          {t("closePrint")}
        </Button>
        <PrintView testimony={shown} meta={statementMeta} />
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={caseTabHref(detail.id, "testimonies")} className="text-sm text-accent-800 hover:underline">
          {t("backToCase", { reference: detail.reference })}
        </Link>
        <div className="ml-auto flex gap-2">
          {shown && (
            <Button variant="secondary" onClick={() => setPrinting(true)}>
              {t("print")}
            </Button>
          )}
          {canWrite && selected === latest && testimony.latest.signature === "valid" && (
            <Link href={`/cases/${detail.id}/testimonies/${testimony.testimonyId}/edit`} className="rounded bg-accent-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-800">
              {t("edit")}
            </Link>
          )}
        </div>
      </div>
      {saved && <FormAlert tone="success">{t("saved", { version: Number(saved) })}</FormAlert>}
      <div className="grid gap-4 lg:grid-cols-[1fr_22rem]">
        {/* min-w-0: a grid column may shrink below its widest word, so a phone never scrolls sideways. */}
        <div className="min-w-0 space-y-3">
          {compare ? (
            <CompareView from={versions.get(compare[0])} to={versions.get(compare[1])} pair={compare} onClose={() => setCompare(null)} />
          ) : !current ? (
            <ProgressNote>{t("opening")}</ProgressNote>
          ) : shown ? (
            <>
              <SignatureWarning state={current.signature} />
              <TestimonyStatement testimony={shown} meta={statementMeta} />
            </>
          ) : (
            <SignatureWarning state={current.signature === "valid" ? "broken" : current.signature} />
          )}
        </div>
        <aside className="min-w-0">
          <VersionHistory
            versions={testimony.versions.map((v) => ({ version: v.version, authorName: names.get(v.authorId) ?? "—", savedAt: v.signedAt, signatureState: versions.get(v.version)?.signature ?? "unchecked" }))}
            selected={compare ? null : selected}
            compare={compare}
            onSelect={(v) => {
              setCompare(null);
              setSelected(v);
            }}
            onCompare={(from, to) => setCompare([from, to])}
          />
        </aside>
      </div>
    </div>
  );
}

function CompareView({ from, to, pair, onClose }: { from: OpenedVersion | undefined; to: OpenedVersion | undefined; pair: [number, number]; onClose: () => void }) {
  const t = useTranslations("testimonyEditor");
  if (!from || !to) return <ProgressNote>{t("opening")}</ProgressNote>;
  const broken = [from, to].find((v) => v.signature !== "valid" || !v.content.ok);
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" aria-label={t("compareTitle", { from: pair[0], to: pair[1] })}>
      <div className="flex justify-end">
        <Button variant="quiet" onClick={onClose}>
          {t("closeCompare")}
        </Button>
      </div>
      {broken ? (
        <SignatureWarning state={broken.signature === "valid" ? "broken" : broken.signature} />
      ) : (
        <VersionDiff from={(from.content as { ok: true; value: Testimony }).value} to={(to.content as { ok: true; value: Testimony }).value} fromVersion={pair[0]} toVersion={pair[1]} />
      )}
    </section>
  );
}
