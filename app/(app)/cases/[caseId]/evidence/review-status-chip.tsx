import { useTranslations } from "next-intl";
import type { ReviewStatus } from "@/lib/evidence/wire";

/** One tone per review outcome (issue 14 point 6): green only for admissible, amber where work is left, red for excluded; the word is always shown. */
export const reviewTones: Record<ReviewStatus, string> = {
  unreviewed: "bg-slate-100 text-slate-800",
  relevant: "bg-sky-50 text-sky-900",
  admissible: "bg-emerald-50 text-emerald-900",
  needs_translation: "bg-amber-50 text-amber-900",
  needs_corroboration: "bg-amber-50 text-amber-900",
  excluded: "bg-red-50 text-red-900",
};

export function ReviewStatusChip({ status }: { status: ReviewStatus }) {
  const t = useTranslations("evidence.review.statuses");
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${reviewTones[status]}`} data-testid="review-status" data-status={status}>
      {t(status)}
    </span>
  );
}
