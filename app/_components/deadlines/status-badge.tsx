"use client";

import { useTranslations } from "next-intl";
import type { DeadlineStatus } from "@/lib/deadlines/schema";

const tones: Record<DeadlineStatus, string> = {
  open: "bg-sky-50 text-sky-800 ring-sky-200",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  missed: "bg-red-100 text-red-900 ring-red-300",
  cancelled: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function DeadlineStatusBadge({ status, overdue }: { status: DeadlineStatus; overdue: boolean }) {
  const t = useTranslations("deadlines");
  if (overdue) return <span className="inline-block rounded bg-red-700 px-1.5 py-0.5 text-xs font-semibold text-white">{t("overdue")}</span>;
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}>{t(`statuses.${status}`)}</span>;
}
