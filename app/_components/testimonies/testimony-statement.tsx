"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId } from "react";
import { isBlank, type PersonRow, type Testimony } from "@/lib/testimonies/schema";
import {
  backgroundFields,
  detentionFields,
  effectsFields,
  fieldsOf,
  incidentActsFields,
  incidentPlaceFields,
  informantFields,
  interpreterFields,
  interviewFields,
  perpetratorFields,
  type FieldTable,
} from "@/lib/testimonies/fields";
import { displayValue, fieldLabel, itemLabel, text, type Labels } from "@/lib/testimonies/labels";
import { ConsentLog } from "./consent-log";
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
  /** The rows of a part's field tables: label and shown value, in the tables' order. */
  const rows = (at: string, part: object, ...tables: FieldTable[]): Row[] =>
    fieldsOf(...tables).map((f) => {
      const path = `${at}.${f.name}`;
      return [fieldLabel(l, path), displayValue(l, path, (part as Record<string, unknown>)[f.name])];
    });
  const { interview, informant, background, effects } = testimony;

  return (
    <article className="mx-auto max-w-3xl space-y-8 text-[15px] leading-relaxed text-slate-900">
      <StatementHeader meta={meta} />

      {!isBlank(interview) && (
        <Section title={section("interview")}>
          <Fields rows={[...rows("interview", interview, interviewFields), ...rows("interview.interpreter", interview.interpreter, interpreterFields)]} />
          <People l={l} path="interview.present" people={interview.present} />
        </Section>
      )}

      <Section title={section("informant")}>
        <Fields rows={rows("informant", informant, informantFields)} />
      </Section>

      {!isBlank(background) && (
        <Section title={section("background")}>
          <Fields rows={rows("background", background, backgroundFields)} />
        </Section>
      )}

      {!isBlank(testimony.detention) && (
        <Section title={section("detention")}>
          {testimony.detention.map((d, i) =>
            isBlank(d) ? null : (
              <Item key={i} title={itemLabel(l, `detention.${i}`)}>
                <Fields rows={rows(`detention.${i}`, d, detentionFields)} />
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
                <Fields rows={rows(`incidents.${i}`, incident, incidentPlaceFields, incidentActsFields)} />
                {incident.perpetrators.map((p, j) =>
                  isBlank(p) ? null : (
                    <div key={j} className="mt-3 border-l-2 border-slate-200 pl-4">
                      <h4 className="text-sm font-semibold text-slate-700">{itemLabel(l, `incidents.${i}.perpetrators.${j}`)}</h4>
                      <Fields rows={rows(`incidents.${i}.perpetrators.${j}`, p, perpetratorFields)} />
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
          <Fields rows={[...rows("effects", effects, effectsFields), [fieldLabel(l, "medicalCare"), testimony.medicalCare]]} />
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
        <ConsentLog l={l} testimony={testimony} />
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
