import { useTranslations } from "next-intl";
import type { RiskLevel } from "@/lib/cases/schema";

/** One tone per level, rising to red only at "critical"; the word is always shown (never colour alone). */
export const riskTones: Record<RiskLevel, string> = {
  low: "bg-slate-100 text-slate-800",
  medium: "bg-amber-50 text-amber-900",
  high: "bg-orange-100 text-orange-900",
  critical: "bg-red-100 text-red-900",
};

/** `withLabel`: "Risk: High" (a header, where the badge stands alone); otherwise the level's word (a table column). */
export function RiskBadge({ level, withLabel = false }: { level: RiskLevel; withLabel?: boolean }) {
  const t = useTranslations("profile.riskLevels");
  const tc = useTranslations("caseView");
  return (
    <span data-testid="risk-badge" data-level={level} className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ${riskTones[level]}`}>
      {withLabel ? tc("risk", { level: t(level) }) : t(level)}
    </span>
  );
}
