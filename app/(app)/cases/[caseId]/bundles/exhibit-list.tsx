"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { Candidate } from "@/lib/bundles/candidates";
import { Button } from "@/app/_components/form/button";

/** Moves the entry at `from` to `to` (indices into the list before the move). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return [...list];
  const next = [...list];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved as T);
  return next;
}

/**
 * The bundle's exhibits in order; the position is the exhibit number. Reorder
 * by dragging (native drag and drop) or with the Move up / Move down buttons
 * (keyboard); focus follows the moved exhibit.
 */
export function ExhibitList({ keys, candidates, onChange }: { keys: string[]; candidates: Map<string, Candidate>; onChange: (keys: string[]) => void }) {
  const t = useTranslations("bundles");
  const te = useTranslations("evidence.review.statuses");
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announce, setAnnounce] = useState("");

  const move = (from: number, to: number, focus: "up" | "down" | null) => {
    onChange(moveItem(keys, from, to));
    setAnnounce(t("exhibits.moved", { from: from + 1, to: to + 1 }));
    if (focus) {
      // Keep the keyboard on the moved exhibit's same button (or the other one at an end).
      requestAnimationFrame(() => {
        const want = document.getElementById(`exhibit-${to}-${focus}`) as HTMLButtonElement | null;
        const other = document.getElementById(`exhibit-${to}-${focus === "up" ? "down" : "up"}`) as HTMLButtonElement | null;
        (want && !want.disabled ? want : other)?.focus();
      });
    }
  };

  if (keys.length === 0) return <p className="rounded border border-dashed border-slate-300 p-3 text-sm text-slate-600">{t("exhibits.empty")}</p>;

  return (
    <>
      <p className="text-xs text-slate-500">{t("exhibits.dragHint")}</p>
      <ol className="divide-y divide-slate-200 rounded border border-slate-200" aria-label={t("exhibits.title")} data-testid="exhibit-list">
        {keys.map((key, index) => {
          const c = candidates.get(key);
          const n = index + 1;
          return (
            <li
              key={key}
              draggable
              onDragStart={(e) => {
                setDragging(index);
                e.dataTransfer.effectAllowed = "move";
                e.dataTransfer.setData("text/plain", String(index));
              }}
              onDragOver={(e) => {
                if (dragging === null) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = "move";
                setOver(index);
              }}
              onDragLeave={() => setOver((o) => (o === index ? null : o))}
              onDrop={(e) => {
                e.preventDefault();
                const from = dragging ?? Number(e.dataTransfer.getData("text/plain"));
                setDragging(null);
                setOver(null);
                if (Number.isInteger(from)) move(from, index, null);
              }}
              onDragEnd={() => {
                setDragging(null);
                setOver(null);
              }}
              className={`flex flex-wrap items-center gap-2 bg-white p-2 text-sm ${dragging === index ? "opacity-50" : ""} ${over === index && dragging !== index ? "ring-2 ring-inset ring-accent-700" : ""}`}
              data-testid="exhibit-row"
            >
              <span aria-hidden="true" className="cursor-grab select-none text-slate-400">
                ⠿
              </span>
              <span className="w-20 shrink-0 font-mono text-xs text-slate-700">{t("exhibits.number", { n })}</span>
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium text-slate-900">{c?.label ?? t("exhibits.unavailable")}</span>
                <span className="block text-xs text-slate-500">
                  {c?.kind === "evidence" && <>{t("kinds.evidence")} · {te(c.reviewStatus)}</>}
                  {c?.kind === "testimony" && <>{t("kinds.testimony")} · v{c.version}</>}
                </span>
                {c?.kind === "evidence" && c.reviewStatus === "excluded" && <span className="block text-xs font-semibold text-amber-800">{t("picker.excluded")}</span>}
                {c?.kind === "testimony" && !c.legalUseConsent && <span className="block text-xs font-semibold text-red-700">{t("picker.noConsent")}</span>}
                {(!c || !c.selectable) && <span className="block text-xs font-semibold text-red-700">{t("exhibits.cannotExport")}</span>}
              </span>
              <span className="flex gap-1">
                <Button id={`exhibit-${index}-up`} variant="quiet" disabled={index === 0} onClick={() => move(index, index - 1, "up")} aria-label={t("exhibits.moveUp", { n })}>
                  ↑
                </Button>
                <Button
                  id={`exhibit-${index}-down`}
                  variant="quiet"
                  disabled={index === keys.length - 1}
                  onClick={() => move(index, index + 1, "down")}
                  aria-label={t("exhibits.moveDown", { n })}
                >
                  ↓
                </Button>
                <Button
                  variant="quiet"
                  onClick={() => {
                    onChange(keys.filter((k) => k !== key));
                    setAnnounce(t("exhibits.removed", { n }));
                  }}
                  aria-label={t("exhibits.remove", { n })}
                >
                  {t("exhibits.removeShort")}
                </Button>
              </span>
            </li>
          );
        })}
      </ol>
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
    </>
  );
}
