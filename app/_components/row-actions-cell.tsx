import type { ReactNode } from "react";
import { stackedTable } from "@/app/_components/stacked-table";

/** The last cell of an admin table row: its buttons, right-aligned (at the start of the card on a phone); empty when there are none. */
export function RowActionsCell({ children }: { children: ReactNode }) {
  return <td className={`px-4 py-2 text-right ${stackedTable.actions}`}>{children ? <div className="flex justify-end gap-1">{children}</div> : null}</td>;
}
