"use client";

import { useTranslations } from "next-intl";
import { consentSummary } from "@/lib/testimonies/consent";
import { displayValue, fieldLabel, text, type Labels } from "@/lib/testimonies/labels";
import { consentPurposes, type ConsentStatus, type Testimony } from "@/lib/testimonies/schema";

// The consent section of the written statement: per purpose, where it stands
// and the entries of the log that led there.

const stateTones: Record<ConsentStatus, string> = {
  given: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  refused: "bg-red-50 text-red-800 ring-red-200",
  withdrawn: "bg-orange-50 text-orange-900 ring-orange-200",
  not_asked: "bg-slate-100 text-slate-700 ring-slate-200",
};

function ConsentBadge({ l, state }: { l: Labels; state: ConsentStatus }) {
  return (
    <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset print:ring-0 ${stateTones[state]}`}>
      {text(l, `testimony.consentStatuses.${state}`, state)}
    </span>
  );
}

/** Per purpose: its current state (consentSummary) and every log entry for it, numbered as in the whole log. */
export function ConsentLog({ l, testimony }: { l: Labels; testimony: Testimony }) {
  const t = useTranslations("testimonyView.consent");
  const summary = consentSummary(testimony);
  const numbered = testimony.consent.map((entry, index) => ({ entry, number: index + 1 }));
  const column = (field: string) => fieldLabel(l, `consent.${field}`);
  // Recipients are named only when sharing with third parties; notes close the row (no right padding).
  const headings = (purpose: string) => ["#", "date", "status", "method", "witnessedBy", ...(purpose === "third_party_sharing" ? ["recipients"] : [])];
  return (
    <div className="space-y-5">
      {numbered.length === 0 && <p className="text-sm text-slate-600">{t("empty")}</p>}
      {consentPurposes.map((purpose) => {
        const current = summary.find((s) => s.purpose === purpose)!;
        const entries = numbered.filter(({ entry }) => entry.purpose === purpose);
        const purposeLabel = text(l, `testimony.consentPurposes.${purpose}`, purpose);
        return (
          <div key={purpose} className="space-y-1.5 break-inside-avoid">
            <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-800">
              <span>{purposeLabel}</span>
              <span className="sr-only">{t("current")}</span>
              <ConsentBadge l={l} state={current.state} />
              {current.date && <span className="text-xs font-normal text-slate-500">{t("since", { date: current.date })}</span>}
            </h3>
            {current.recipients.length > 0 && (
              <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label={column("recipients")}>
                {current.recipients.map((r) => (
                  <li key={r.name}>
                    {t("recipientState", { name: r.name, status: text(l, `testimony.consentStatuses.${r.state}`, r.state) })}
                    {r.date && <span className="text-slate-500"> ({r.date})</span>}
                  </li>
                ))}
              </ul>
            )}
            {entries.length > 0 && (
              // A log wider than a phone scrolls inside its box; the box takes focus so the keyboard can scroll it too.
              <div className="overflow-x-auto focus-visible:outline-2 focus-visible:outline-accent-700" tabIndex={0} role="region" aria-label={t("logCaption", { purpose: purposeLabel })}>
                <table className="w-full border-collapse text-left text-xs">
                  <caption className="sr-only">{t("logCaption", { purpose: purposeLabel })}</caption>
                  <thead className="text-slate-500">
                    <tr className="border-b border-slate-200">
                      {headings(purpose).map((heading) => (
                        <th key={heading} scope="col" className="py-1 pr-3 font-medium">
                          {heading === "#" ? "#" : column(heading)}
                        </th>
                      ))}
                      <th scope="col" className="py-1 font-medium">
                        {column("notes")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map(({ entry, number }) => (
                      <tr key={entry.entryId} className="border-b border-slate-100 align-top">
                        <td className="py-1 pr-3 text-slate-500">{number}</td>
                        <td className="py-1 pr-3 whitespace-nowrap">{entry.date || "—"}</td>
                        <td className="py-1 pr-3">{displayValue(l, "consent.status", entry.status)}</td>
                        <td className="py-1 pr-3">{displayValue(l, "consent.method", entry.method) || "—"}</td>
                        <td className="py-1 pr-3">{entry.witnessedBy || "—"}</td>
                        {purpose === "third_party_sharing" && (
                          <td className="py-1 pr-3">{entry.recipients.map((r) => r.name).join(", ") || (entry.status === "refused" || entry.status === "withdrawn" ? t("everyoneNamed") : "—")}</td>
                        )}
                        <td className="py-1 whitespace-pre-wrap break-words">{entry.notes}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
