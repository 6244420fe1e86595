import { useTranslations } from "next-intl";

const tones: Record<string, string> = {
  intake: "bg-slate-100 text-slate-800",
  documentation: "bg-sky-50 text-sky-800",
  legal_review: "bg-violet-50 text-violet-800",
  proceedings: "bg-amber-50 text-amber-900",
  resolved: "bg-emerald-50 text-emerald-800",
  closed: "bg-slate-200 text-slate-700",
  on_hold: "bg-orange-50 text-orange-800",
};

export function StateBadge({ state }: { state: string }) {
  const t = useTranslations("workflow.states");
  return (
    <span data-testid="case-state" className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${tones[state] ?? tones.intake}`}>
      {t(state)}
    </span>
  );
}
