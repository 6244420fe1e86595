import { getFormatter, getTranslations } from "next-intl/server";
import { findAuditEvents, getAuditHead } from "@/lib/audit/queries";
import { guardPage } from "@/lib/auth/guard";
import { listUsers } from "@/lib/users/queries";
import { TableHead } from "@/app/_components/table-head";

// The audit log's head hash, for recording out of band (on paper, in another
// system): with it, even a rewritten chain can be caught. And the latest
// events — metadata only, never content.
export default async function AuditPage() {
  const actor = await guardPage("audit.head");
  const t = await getTranslations("audit");
  const format = await getFormatter();
  const [head, page, users] = await Promise.all([getAuditHead(), findAuditEvents({ limit: 50 }), listUsers(actor)]);
  const names = new Map(users.map((u) => [u.id, u.displayName]));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("lead")}</p>
      </div>
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
