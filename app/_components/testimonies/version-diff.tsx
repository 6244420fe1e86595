"use client";

import { useTranslations } from "next-intl";
import { createContext, memo, use, useId, useMemo, useState } from "react";
import { testimonyDiff, type LineOp, type TestimonyChange, type WordOp } from "@/lib/testimonies/diff";
import type { Testimony } from "@/lib/testimonies/schema";
import { describeChangePath, displayValue, flattenItem, type Labels } from "@/lib/testimonies/labels";
import { useLabels } from "./use-labels";

/** Line operations rendered at first for one text; the rest behind "Show more" (a rewritten 200 KB narrative is thousands of lines). */
export const INITIAL_LINE_OPS = 200;

/**
 * What changed from version `fromVersion` to `toVersion`: one entry per change,
 * labelled by field with its item numbers ("Incident 2 · Methods"), its kind,
 * and the old and new value — for long texts a line and word diff with the
 * unchanged stretches folded away. The diff itself is pure (testimonyDiff,
 * bounded in time) and memoized on the two records.
 */
export function VersionDiff({ from, to, fromVersion, toVersion }: { from: Testimony; to: Testimony; fromVersion: number; toVersion: number }) {
  const t = useTranslations("testimonyView.diff");
  const l = useLabels();
  const changes = useMemo(() => testimonyDiff(from, to), [from, to]);
  const headingId = useId();
  const marks = useMemo(() => ({ inserted: t("srInserted"), deleted: t("srDeleted") }), [t]);
  return (
    <Marks value={marks}>
      <section aria-labelledby={headingId} className="space-y-3">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h1 id={headingId} className="text-base font-semibold text-slate-900">
            {t("heading", { from: fromVersion, to: toVersion })}
          </h1>
          {changes.length > 0 && <p className="text-sm text-slate-500">{t("count", { count: changes.length })}</p>}
        </div>
        {changes.length === 0 ? (
          <p role="status" className="rounded border border-slate-200 bg-white px-3 py-2 text-sm text-slate-600">
            {t("none")}
          </p>
        ) : (
          <ol className="divide-y divide-slate-200 rounded border border-slate-200 bg-white">
            {changes.map((change, i) => (
              <ChangeEntry key={`${i}:${change.kind}:${change.path}`} change={change} l={l} />
            ))}
          </ol>
        )}
      </section>
    </Marks>
  );
}

/** The screen-reader words for inserted and deleted text, read once per diff rather than per span. */
const MarksContext = createContext({ inserted: "+", deleted: "−" });
const Marks = MarksContext.Provider;

const kindTones: Record<TestimonyChange["kind"], string> = {
  added: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  removed: "bg-red-50 text-red-800 ring-red-200",
  changed: "bg-sky-50 text-sky-800 ring-sky-200",
};
const kindMarks: Record<TestimonyChange["kind"], string> = { added: "+", removed: "−", changed: "~" };

const ChangeEntry = memo(function ChangeEntry({ change, l }: { change: TestimonyChange; l: Labels }) {
  const t = useTranslations("testimonyView.diff");
  const label = describeChangePath(l, change.path).join(" · ");
  return (
    <li className="space-y-2 px-3 py-2.5">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${kindTones[change.kind]}`}>
          <span aria-hidden="true" className="font-mono">
            {kindMarks[change.kind]}
          </span>
          {t(`kinds.${change.kind}`)}
        </span>
        <span className="font-medium text-slate-900">{label}</span>
      </p>
      <ChangeBody change={change} l={l} />
    </li>
  );
});

function ChangeBody({ change, l }: { change: TestimonyChange; l: Labels }) {
  const t = useTranslations("testimonyView.diff");
  if (change.text) return <TextDiff ops={change.text} />;
  const value = change.kind === "removed" ? change.before : change.after;
  // A whole list item added or removed: its fields, labelled relative to the item.
  if (change.kind !== "changed" && value !== null && typeof value === "object") {
    const depth = describeChangePath(l, change.path).length;
    const leaves = flattenItem(change.path, value);
    if (leaves.length === 0) return <p className="text-xs text-slate-500">{t("emptyItem")}</p>;
    const Mark = change.kind === "added" ? Ins : Del;
    return (
      <dl className="space-y-1 text-sm">
        {leaves.map((leaf) => (
          <div key={leaf.path} className="grid gap-x-4 sm:grid-cols-[12rem_1fr]">
            <dt className="text-slate-500">{describeChangePath(l, leaf.path).slice(depth).join(" · ")}</dt>
            <dd className="whitespace-pre-wrap break-words">
              <Mark>{displayValue(l, leaf.path, leaf.value)}</Mark>
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  const before = show(l, change.path, change.before);
  const after = show(l, change.path, change.after);
  return (
    <p className="text-sm whitespace-pre-wrap break-words">
      {before && <Del>{before}</Del>}
      {before && after && (
        <span aria-hidden="true" className="px-1.5 text-slate-400">
          →
        </span>
      )}
      {after && <Ins>{after}</Ins>}
    </p>
  );
}

/** A scalar as shown; anything structured (not expected from the schema) as JSON. */
function show(l: Labels, path: string, value: unknown): string {
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return displayValue(l, path, value);
}

/** A line diff: unchanged context, whole lines added or removed, lines edited in place with their word diff, folded runs. */
function TextDiff({ ops }: { ops: LineOp[] }) {
  const t = useTranslations("testimonyView.diff");
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? ops : ops.slice(0, INITIAL_LINE_OPS);
  const hidden = ops.length - shown.length;
  return (
    <div className="overflow-hidden rounded border border-slate-200 text-sm">
      <div className="divide-y divide-slate-100">
        {shown.map((op, i) => (
          <Line key={i} op={op} />
        ))}
      </div>
      {hidden > 0 && (
        <button
          type="button"
          onClick={() => setExpanded(true)}
          className="block w-full border-t border-slate-200 bg-slate-50 px-3 py-1.5 text-left text-xs font-medium text-accent-800 hover:bg-slate-100 print:hidden"
        >
          {t("showMore", { count: hidden })}
        </button>
      )}
    </div>
  );
}

const gutter = "w-6 shrink-0 select-none pt-0.5 text-center font-mono text-xs text-slate-400";

function Line({ op }: { op: LineOp }) {
  const t = useTranslations("testimonyView.diff");
  if (op.op === "skip") {
    return <p className="bg-slate-50 px-3 py-1 text-center text-xs text-slate-500 italic">{t("skipped", { count: op.count })}</p>;
  }
  const [mark, tone, body] =
    op.op === "equal"
      ? [" ", "", <span key="e">{op.text || "\u00a0"}</span>]
      : op.op === "insert"
        ? ["+", "bg-emerald-50/60", <Ins key="i">{op.text || "\u00a0"}</Ins>]
        : op.op === "delete"
          ? ["−", "bg-red-50/60", <Del key="d">{op.text || "\u00a0"}</Del>]
          : ["~", "bg-sky-50/40", <Words key="w" words={op.words} />];
  return (
    <div className={`flex ${tone}`}>
      <span aria-hidden="true" className={gutter}>
        {mark}
      </span>
      <div className={`min-w-0 flex-1 px-2 py-0.5 whitespace-pre-wrap break-words ${op.op === "equal" ? "text-slate-600" : "text-slate-900"}`}>{body}</div>
    </div>
  );
}

function Words({ words }: { words: WordOp[] }) {
  return (
    <>
      {words.map((w, i) =>
        w.op === "equal" ? <span key={i}>{w.text}</span> : w.op === "insert" ? <Ins key={i}>{w.text}</Ins> : <Del key={i}>{w.text}</Del>,
      )}
    </>
  );
}

/** Inserted text: green and underlined (readable without colour, and in black-and-white print). */
function Ins({ children }: { children: React.ReactNode }) {
  const marks = use(MarksContext);
  return (
    <ins className="rounded-sm bg-emerald-100 text-emerald-950 underline decoration-emerald-700 decoration-2 underline-offset-2">
      <span className="sr-only">{marks.inserted} </span>
      {children}
    </ins>
  );
}

/** Deleted text: red and struck through. */
function Del({ children }: { children: React.ReactNode }) {
  const marks = use(MarksContext);
  return (
    <del className="rounded-sm bg-red-100 text-red-950 line-through decoration-red-700 decoration-2">
      <span className="sr-only">{marks.deleted} </span>
      {children}
    </del>
  );
}
