"use client";

import { useTranslations } from "next-intl";
import type { PersonProfile } from "@/lib/cases/schema";

/** The person at risk, read-only, laid out for scanning. */
export function ProfileView({ profile }: { profile: PersonProfile }) {
  const t = useTranslations("profile");
  const rows: [string, string][] = [
    [t("fullName"), profile.fullName],
    [t("aliasesLabel"), profile.aliases.map((a) => a.name).join(" · ")],
    [t("dateOfBirth"), profile.dateOfBirth],
    [t("nationalities"), profile.nationalities],
    [t("languages"), profile.languages],
    [t("currentLocation"), profile.currentLocation],
    [t("safeContact"), profile.safeContact],
    [t("riskLevel"), t(`riskLevels.${profile.riskLevel}`)],
    [t("riskReason"), profile.riskReason],
    [t("vulnerabilities"), profile.vulnerabilities],
    [t("notes"), profile.notes],
  ];
  return (
    <div className="space-y-4">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="whitespace-pre-wrap text-slate-900">{value || <span className="text-slate-400">—</span>}</dd>
          </div>
        ))}
      </dl>
      {profile.contacts.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-slate-900">{t("contactsLabel")}</h3>
          <ul className="mt-1 divide-y divide-slate-100 rounded border border-slate-200 text-sm">
            {profile.contacts.map((c, i) => (
              <li key={i} className="grid gap-2 px-3 py-1.5 sm:grid-cols-[1fr_1fr_2fr]">
                <span className="font-medium">{c.name}</span>
                <span className="text-slate-600">{c.relation}</span>
                <span className="whitespace-pre-wrap text-slate-700">{c.details}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
