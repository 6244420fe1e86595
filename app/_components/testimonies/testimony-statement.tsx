"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import { consentSummary } from "@/lib/testimonies/consent";
import { consentPurposes, isBlank, type ConsentStatus, type PersonRow, type Testimony } from "@/lib/testimonies/schema";
import { displayValue, fieldLabel, itemLabel, text, type Labels } from "@/lib/testimonies/labels";
import { SignatureWarning, type SignatureState } from "./signature-warning";
import { useLabels } from "./use-labels";

export type StatementMeta = {
  /** The case reference, "CV-2024-0042". */
  reference: string;
  /** The person at risk, when the viewer may see the name. */
  personName: string | null;
  version: number;
  authorName: string;
  /** ISO 8601. */
  savedAt: string;
  signature: { state: SignatureState; fingerprint: string | null };
};

/**
 * One testimony version laid out as a written statement: a header with the
 * reference, version, author, date and signature; then each non-empty section
 * with short fields as definition lists and long texts as paragraphs.
 *
 * A version whose signature is broken is never shown as a statement: only the
 * red warning is rendered (the page should show SignatureWarning instead
 * anyway — this is the safety net).
 */
export function TestimonyStatement({ testimony, meta }: { testimony: Testimony; meta: StatementMeta }) {
  const l = useLabels();
  const t = useTranslations("testimonyView.statement");
  if (meta.signature.state === "broken") return <SignatureWarning state="broken" />;

  const section = (name: string) => text(l, `testimony.sections.${name}`, name);
  const row = (path: string, value: string): Row => [fieldLabel(l, path), displayValue(l, path, value)];
  const { interview, informant, background, effects } = testimony;

  return (
    <article className="mx-auto max-w-3xl space-y-8 text-[15px] leading-relaxed text-slate-900">
      <StatementHeader meta={meta} />

      {!isBlank(interview) && (
        <Section title={section("interview")}>
          <Fields
            rows={[
              row("interview.date", interview.date),
              row("interview.time", interview.time),
              row("interview.place", interview.place),
              row("interview.interviewer", interview.interviewer),
              row("interview.interpreter.name", interview.interpreter.name),
              row("interview.interpreter.languageFrom", interview.interpreter.languageFrom),
              row("interview.interpreter.languageTo", interview.interpreter.languageTo),
              row("interview.language", interview.language),
            ]}
          />
          <People l={l} path="interview.present" people={interview.present} />
        </Section>
      )}

      <Section title={section("informant")}>
        <Fields rows={[row("informant.role", informant.role), row("informant.name", informant.name), row("informant.relation", informant.relation)]} />
      </Section>

      {!isBlank(background) && (
        <Section title={section("background")}>
          <Fields
            rows={[
              row("background.date", background.date),
              row("background.time", background.time),
              row("background.place", background.place),
              row("background.circumstances", background.circumstances),
              row("background.reasonGiven", background.reasonGiven),
              row("background.force", background.force),
              row("background.restraints", background.restraints),
            ]}
          />
        </Section>
      )}

      {!isBlank(testimony.detention) && (
        <Section title={section("detention")}>
          {testimony.detention.map((d, i) =>
            isBlank(d) ? null : (
              <Item key={i} title={itemLabel(l, `detention.${i}`)}>
                <Fields
                  rows={[
                    row("detention.place", d.place),
                    row("detention.from", d.from),
                    row("detention.to", d.to),
                    row("detention.duration", d.duration),
                    row("detention.conditions", d.conditions),
                    row("detention.routine", d.routine),
                  ]}
                />
              </Item>
            ),
          )}
        </Section>
      )}

      {!isBlank(testimony.incidents) && (
        <Section title={section("incidents")}>
          {testimony.incidents.map((incident, i) =>
            isBlank(incident) ? null : (
              <Item key={i} title={itemLabel(l, `incidents.${i}`)}>
                <Fields
                  rows={[
                    row("incidents.dateFrom", incident.dateFrom),
                    row("incidents.dateTo", incident.dateTo),
                    row("incidents.time", incident.time),
                    row("incidents.location", incident.location),
                    row("incidents.vehicles", incident.vehicles),
                    row("incidents.weapons", incident.weapons),
                    row("incidents.methods", incident.methods),
                    row("incidents.questions", incident.questions),
                    row("incidents.coerced", incident.coerced),
                    row("incidents.description", incident.description),
                  ]}
                />
                {incident.perpetrators.map((p, j) =>
                  isBlank(p) ? null : (
                    <div key={j} className="mt-3 border-l-2 border-slate-200 pl-4">
                      <h4 className="text-sm font-semibold text-slate-700">{itemLabel(l, `incidents.${i}.perpetrators.${j}`)}</h4>
                      <Fields
                        rows={[
                          row("incidents.perpetrators.name", p.name),
                          row("incidents.perpetrators.rank", p.rank),
                          row("incidents.perpetrators.unit", p.unit),
                          row("incidents.perpetrators.uniform", p.uniform),
                          row("incidents.perpetrators.description", p.description),
                        ]}
                      />
                    </div>
                  ),
                )}
              </Item>
            ),
          )}
        </Section>
      )}

      {!(isBlank(effects) && isBlank(testimony.medicalCare)) && (
        <Section title={section("effects")}>
          <Fields
            rows={[
              row("effects.physicalImmediate", effects.physicalImmediate),
              row("effects.physicalLasting", effects.physicalLasting),
              row("effects.psychologicalImmediate", effects.psychologicalImmediate),
              row("effects.psychologicalLasting", effects.psychologicalLasting),
              row("medicalCare", testimony.medicalCare),
            ]}
          />
        </Section>
      )}

      {!isBlank(testimony.witnesses) && (
        <Section title={section("witnesses")}>
          <People l={l} path="witnesses" people={testimony.witnesses} />
        </Section>
      )}

      {!isBlank(testimony.othersAffected) && (
        <Section title={section("othersAffected")}>
          <People l={l} path="othersAffected" people={testimony.othersAffected} />
        </Section>
      )}

      {!isBlank(testimony.narrative) && (
        <Section title={section("narrative")}>
          <Prose value={testimony.narrative} />
        </Section>
      )}

      {!isBlank(testimony.interviewerNotes) && (
        <Section title={section("interviewerNotes")}>
          <Prose value={testimony.interviewerNotes} />
        </Section>
      )}

      {testimony.evidence.length > 0 && (
        <Section title={section("evidence")}>
          <ol className="space-y-1 text-sm">
            {testimony.evidence.map((e, i) => (
              <li key={e.evidenceId} className="grid gap-x-4 sm:grid-cols-[2rem_auto_1fr]">
                <span className="text-slate-500">{i + 1}.</span>
                <span className="font-mono text-xs leading-6 break-all text-slate-700" title={fieldLabel(l, "evidence.evidenceId")}>
                  {e.evidenceId}
                </span>
                <span className="whitespace-pre-wrap">{e.note}</span>
              </li>
            ))}
          </ol>
        </Section>
      )}

      <Section title={section("consent")}>
        <ConsentTables l={l} testimony={testimony} />
      </Section>

      <p className="border-t border-slate-200 pt-3 text-xs text-slate-500">{t("end", { reference: meta.reference, version: meta.version })}</p>
    </article>
  );
}

type Row = [label: string, value: string];

function StatementHeader({ meta }: { meta: StatementMeta }) {
  const t = useTranslations("testimonyView.statement");
  const format = useFormatter();
  const saved = new Date(meta.savedAt);
  const date = Number.isNaN(saved.getTime()) ? meta.savedAt : format.dateTime(saved, { dateStyle: "long", timeStyle: "short" });
  const { state, fingerprint } = meta.signature;
  return (
    <header className="space-y-1 border-b-2 border-slate-800 pb-4">
      <h1 className="text-xl font-semibold tracking-tight">{t("heading", { reference: meta.reference })}</h1>
      {meta.personName && <p className="text-base text-slate-800">{t("person", { name: meta.personName })}</p>}
      <p className="text-sm text-slate-600">{t("recorded", { version: meta.version, author: meta.authorName, date })}</p>
      <p className="text-sm">
        {state === "valid" ? (
          <span className="font-medium text-emerald-800">{t("signatureValid")}</span>
        ) : (
          <span className="font-medium text-amber-800">{t("signatureUnknownKey")}</span>
        )}
        {fingerprint && (
          <>
            <span className="text-slate-400"> · </span>
            <span className="text-slate-600">{t("fingerprint")} </span>
            <code className="font-mono text-xs break-all text-slate-800">{fingerprint}</code>
          </>
        )}
      </p>
    </header>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="border-b border-slate-200 pb-1 text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Item({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      {children}
    </div>
  );
}

/** Short fields as a definition list; empty ones left out. */
function Fields({ rows }: { rows: Row[] }) {
  const shown = rows.filter(([, value]) => value.trim() !== "");
  if (shown.length === 0) return null;
  return (
    <dl className="space-y-1.5 text-sm">
      {shown.map(([label, value]) => (
        <div key={label} className="grid gap-x-6 sm:grid-cols-[12rem_1fr]">
          <dt className="text-slate-500">{label}</dt>
          <dd className="whitespace-pre-wrap break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A long text as paragraphs (split at blank lines), single line breaks kept. */
function Prose({ value }: { value: string }) {
  const paragraphs = value.split(/\n[ \t]*\n/).filter((p) => p.trim() !== "");
  return (
    <div className="space-y-3">
      {paragraphs.map((p, i) => (
        <p key={i} className="whitespace-pre-wrap break-words">
          {p}
        </p>
      ))}
    </div>
  );
}

/** People present, witnesses, others affected: numbered, name · role, then details. */
function People({ l, path, people }: { l: Labels; path: string; people: PersonRow[] }) {
  if (isBlank(people)) return null;
  return (
    <div className="space-y-1">
      {path === "interview.present" && <p className="text-sm text-slate-500">{fieldLabel(l, path)}</p>}
      <ol className="space-y-2 text-sm">
        {people.map((p, i) =>
          isBlank(p) ? null : (
            <li key={i} className="grid gap-x-4 sm:grid-cols-[2rem_1fr]">
              <span className="text-slate-500">{i + 1}.</span>
              <div>
                <p>
                  <span className="font-medium">{p.name}</span>
                  {p.name && p.role && <span className="text-slate-400"> · </span>}
                  {p.role && <span className="text-slate-600">{p.role}</span>}
                </p>
                {p.details && <p className="whitespace-pre-wrap break-words text-slate-700">{p.details}</p>}
              </div>
            </li>
          ),
        )}
      </ol>
    </div>
  );
}

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
function ConsentTables({ l, testimony }: { l: Labels; testimony: Testimony }) {
  const t = useTranslations("testimonyView.consent");
  const summary = consentSummary(testimony);
  const numbered = testimony.consent.map((entry, index) => ({ entry, number: index + 1 }));
  const column = (field: string) => fieldLabel(l, `consent.${field}`);
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
                      <th scope="col" className="py-1 pr-3 font-medium">
                        #
                      </th>
                      <th scope="col" className="py-1 pr-3 font-medium">
                        {column("date")}
                      </th>
                      <th scope="col" className="py-1 pr-3 font-medium">
                        {column("status")}
                      </th>
                      <th scope="col" className="py-1 pr-3 font-medium">
                        {column("method")}
                      </th>
                      <th scope="col" className="py-1 pr-3 font-medium">
                        {column("witnessedBy")}
                      </th>
                      {purpose === "third_party_sharing" && (
                        <th scope="col" className="py-1 pr-3 font-medium">
                          {column("recipients")}
                        </th>
                      )}
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
