import type { ReactNode } from "react";
import { stackedTable } from "@/app/_components/stacked-table";
import { TableHead } from "@/app/_components/table-head";

/**
 * One titled card of the admin's people page holding a table that becomes
 * cards on a phone: the heading names the section, the outcome messages of
 * the last action sit above the table, the rows are the caller's `<tr>`s.
 */
export function AdminTableCard({
  id,
  title,
  messages,
  busy,
  columns,
  actionsLabel,
  rows,
  children,
}: {
  id: string;
  title: ReactNode;
  messages: ReactNode;
  busy: boolean;
  columns: string[];
  actionsLabel: string;
  rows: ReactNode;
  /** After the table (a confirmation dialog). */
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-slate-200 bg-white">
      <h2 id={`${id}-title`} className="border-b border-slate-200 px-4 py-2.5 text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {messages}
      <table className={`w-full text-sm ${stackedTable.table}`} aria-busy={busy}>
        <TableHead className={stackedTable.head} columns={columns} actionsLabel={actionsLabel} />
        <tbody className={`divide-y divide-slate-100 ${stackedTable.body}`}>{rows}</tbody>
      </table>
      {children}
    </section>
  );
}
