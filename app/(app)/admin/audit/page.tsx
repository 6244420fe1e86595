import { getFormatter, getTranslations } from "next-intl/server";
import { findAuditEvents, findLatestCheckpoint, getAuditHead } from "@/lib/audit/queries";
import { guardPage } from "@/lib/auth/guard";
import { listUsers } from "@/lib/users/queries";
import { TableHead } from "@/app/_components/table-head";
import { CheckpointWatch } from "./checkpoint-watch";
import { VerifyPanel } from "./verify-panel";

// The audit log's head and newest signed checkpoint (kept out of the
// database), a "verify now" that runs in the app, the browser's memory of
// the checkpoints it saw, and the latest events — metadata only, never content.
export default async function AuditPage() {
  const actor = await guardPage("audit.head");
  const t = await getTranslations("audit");
  const format = await getFormatter();
  const [head, page, users] = await Promise.all([getAuditHead(), findAuditEvents({ limit: 50 }), listUsers(actor)]);
  const checkpoint = findLatestCheckpoint();
  const names = new Map(users.map((u) => [u.id, u.displayName]));
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
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
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
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
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
      <section aria-labelledby="events-title" className="rounded-lg border border-slate-200 bg-white">
        <h2 id="events-title" className="border-b border-slate-200 px-4 py-2.5 text-sm font-semibold text-slate-900">
          {t("latest")}
        </h2>
        <table className="w-full text-sm">
          <TableHead columns={["#", t("colTime"), t("colEvent"), t("colActor")]} />
          <tbody className="divide-y divide-slate-100">
            {page.events.map((event) => (
              <tr key={String(event.seq)}>
                <td className="px-4 py-1.5 font-mono text-xs text-slate-500">{String(event.seq)}</td>
                <td className="px-4 py-1.5 text-xs text-slate-600">{format.dateTime(event.at, { dateStyle: "short", timeStyle: "medium" })}</td>
                <td className="px-4 py-1.5 font-mono text-xs text-slate-800">{event.action}</td>
                <td className="px-4 py-1.5 text-slate-700">{event.actorId ? (names.get(event.actorId) ?? event.actorId) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
