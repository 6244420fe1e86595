"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/app/_components/form/button";
import type { SignatureState } from "./signature-warning";

/** "unchecked": a version not opened yet (its signature is checked when it is). */
export type HistorySignatureState = SignatureState | "unchecked";
export type VersionSummary = { version: number; authorName: string; savedAt: string; signatureState: HistorySignatureState };

type Props = {
  /** Newest first. */
  versions: VersionSummary[];
  /** The version being viewed, if any. */
  selected: number | null;
  /** The pair being compared, if any (older first). */
  compare: [number, number] | null;
  onSelect: (version: number) => void;
  /** Always older → newer. */
  onCompare: (from: number, to: number) => void;
};

/**
 * The versions of one testimony, newest first: "v3 · author · date", the
 * signature state, a View button, and a checkbox to pick two versions to
 * compare. Native buttons and checkboxes: Tab / Space / Enter all work.
 */
export function VersionHistory({ versions, selected, compare, onSelect, onCompare }: Props) {
  const t = useTranslations("testimonyView.history");
  const format = useFormatter();
  const headingId = useId();
  const hintId = useId();
  const [picked, setPicked] = useState<number[]>(compare ? [...compare] : []);
  // A new comparison chosen from outside replaces the picks (adjusting state while rendering, not in an effect).
  const [shownCompare, setShownCompare] = useState(compare);
  if (shownCompare?.[0] !== compare?.[0] || shownCompare?.[1] !== compare?.[1]) {
    setShownCompare(compare);
    setPicked(compare ? [...compare] : []);
  }

  const existing = new Set(versions.map((v) => v.version));
  const picks = picked.filter((v) => existing.has(v));
  const pair = picks.length === 2 ? ([Math.min(...picks), Math.max(...picks)] as const) : null;
  const toggle = (version: number, on: boolean) =>
    setPicked((current) => (on ? [...current.filter((v) => v !== version), version].slice(-2) : current.filter((v) => v !== version)));

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-sm font-semibold text-slate-900">
        {t("heading")}
      </h2>
      <ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
        {versions.map((v) => {
          const isSelected = selected === v.version;
          const isPicked = picks.includes(v.version);
          const date = format.dateTime(new Date(v.savedAt), { dateStyle: "medium", timeStyle: "short" });
          return (
            <li key={v.version} aria-current={isSelected ? "true" : undefined} className={`flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 ${isSelected ? "bg-accent-50" : ""}`}>
              <label className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={isPicked}
                  disabled={!isPicked && picks.length >= 2}
                  onChange={(e) => toggle(v.version, e.target.checked)}
                  aria-describedby={hintId}
                  className="h-4 w-4 rounded border-slate-300 accent-accent-700"
                />
                <span className="sr-only">{t("pick", { version: v.version })}</span>
              </label>
              <span className="min-w-0 flex-1">
                <span className="block">
                  <span className="font-medium text-slate-900">{t("label", { version: v.version })}</span>
                  <span className="text-slate-400"> · </span>
                  <span className="text-slate-700">{v.authorName}</span>
                </span>
                <time dateTime={v.savedAt} className="block text-xs text-slate-600">
                  {date}
                </time>
                {/* Under the name, not beside it: the side column is narrow, and the author's name needs the width. */}
                <SignatureMark state={v.signatureState} />
              </span>
              <Button variant={isSelected ? "secondary" : "quiet"} className="py-1 text-xs" onClick={() => onSelect(v.version)} aria-pressed={isSelected}>
                {isSelected ? t("viewing") : t("view")}
                <span className="sr-only"> {t("label", { version: v.version })}</span>
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" disabled={!pair} onClick={() => pair && onCompare(pair[0], pair[1])}>
          {pair ? t("compare", { from: pair[0], to: pair[1] }) : t("compareIdle")}
        </Button>
        {picks.length > 0 && (
          <Button variant="quiet" className="text-xs" onClick={() => setPicked([])}>
            {t("clear")}
          </Button>
        )}
        <p id={hintId} className="text-xs text-slate-500" aria-live="polite">
          {t("pickHint", { count: picks.length })}
        </p>
      </div>
    </section>
  );
}

const marks: Record<HistorySignatureState, [string, string]> = {
  unchecked: ["·", "text-slate-500"],
  valid: ["✓", "text-emerald-800"],
  unknown_key: ["?", "text-amber-800"],
  broken: ["✗", "font-semibold text-red-800"],
  rolled_back: ["✗", "font-semibold text-red-800"],
};

function SignatureMark({ state }: { state: HistorySignatureState }) {
  const t = useTranslations("testimonyView.history.signature");
  const [mark, tone] = marks[state];
  return (
    <span className={`block text-xs ${tone}`}>
      <span aria-hidden="true">{mark} </span>
      {t(state)}
    </span>
  );
}
