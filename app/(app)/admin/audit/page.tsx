import { getFormatter, getTranslations } from "next-intl/server";
import { parseAuditFilter } from "@/lib/audit/filter";
import { findLatestCheckpoint, getAuditHead, searchAuditEvents } from "@/lib/audit/queries";
import { guardPage } from "@/lib/auth/guard";
import { listUsers } from "@/lib/users/queries";
import { AuditEvents } from "./audit-events";
import { AuditFilters } from "./audit-filters";
import { CheckpointWatch } from "./checkpoint-watch";
import { VerifyPanel } from "./verify-panel";

// The audit log's head and newest signed checkpoint (kept out of the
// database), a "verify now" that runs in the app, the browser's memory of
// the checkpoints it saw, and the events as sentences, filtered by the URL
// query (?actor=&kind=&case=&from=&to=&page=) — metadata only, never content.
// Names and case references come from the server's own tables.
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await guardPage("audit.head");
  const t = await getTranslations("audit");
  const format = await getFormatter();
  const filter = parseAuditFilter(await searchParams);
  const [head, result, users] = await Promise.all([getAuditHead(), searchAuditEvents(filter), listUsers(actor)]);
  const checkpoint = findLatestCheckpoint();
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  const people = users.map((u) => ({ id: u.id, displayName: u.displayName })).sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("lead")}</p>
      </div>
      <CheckpointWatch latest={checkpoint ? { seq: checkpoint.seq, headHash: checkpoint.headHash } : null} />
      <section aria-labelledby="head-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="head-title" className="text-sm font-semibold text-slate-900">
          {t("headTitle")}
        </h2>
        <dl className="mt-2 grid grid-cols-1 gap-x-4 sm:grid-cols-[max-content_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">{t("count")}</dt>
          <dd data-testid="audit-count">{head.count}</dd>
          <dt className="text-slate-500">{t("headHash")}</dt>
          <dd data-testid="audit-head" className="break-all font-mono text-xs">
            {head.headHash ?? "—"}
          </dd>
          <dt className="text-slate-500">{t("at")}</dt>
          <dd>{head.at ? format.dateTime(head.at, { dateStyle: "medium", timeStyle: "medium" }) : "—"}</dd>
        </dl>
        <p className="mt-3 text-xs text-slate-500">{t("headHint")}</p>
        <VerifyPanel />
      </section>
      <section aria-labelledby="checkpoint-title" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="checkpoint-title" className="text-sm font-semibold text-slate-900">
          {t("checkpointTitle")}
        </h2>
        {checkpoint ? (
          <dl className="mt-2 grid grid-cols-1 gap-x-4 sm:grid-cols-[max-content_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">{t("checkpointSeq")}</dt>
            <dd data-testid="checkpoint-seq">{checkpoint.seq}</dd>
            <dt className="text-slate-500">{t("headHash")}</dt>
            <dd data-testid="checkpoint-head" className="break-all font-mono text-xs">
              {checkpoint.headHash}
            </dd>
            <dt className="text-slate-500">{t("checkpointAt")}</dt>
            <dd>{format.dateTime(checkpoint.at, { dateStyle: "medium", timeStyle: "medium" })}</dd>
            <dt className="text-slate-500">{t("checkpointKey")}</dt>
            <dd className="break-all font-mono text-xs">{checkpoint.publicKey}</dd>
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("noCheckpoint")}</p>
        )}
        <p className="mt-3 text-xs text-slate-500">{t("checkpointHint")}</p>
      </section>
      <AuditFilters filter={filter} people={people} />
      <AuditEvents result={result} filter={{ ...filter, page: result.page }} lookups={{ names, references: result.references }} />
    </div>
  );
}
