"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { Testimony } from "@/lib/testimonies/schema";
import { filledSections, sectionAnchor, testimonySections } from "./sections";
import type { TestimonyFormApi } from "./shared";

/** "1011…": which sections have content, as a string so an unchanged state skips the re-render. */
const encode = (values: Partial<Testimony>) => filledSections(values).map((f) => (f ? "1" : "0")).join("");

/**
 * The sections as in-page links, each with a check mark once it has content,
 * and "N of M sections filled". It listens to the form itself (subscribe, no
 * re-render of the form) and re-renders only when a section becomes filled or
 * empty, not on every keystroke.
 */
export function ProgressNav({ form, initial }: { form: TestimonyFormApi; initial: Testimony }) {
  const t = useTranslations("testimony");
  const [filled, setFilled] = useState(() => encode(initial));

  useEffect(
    () =>
      form.subscribe({
        formState: { values: true },
        callback: ({ values }) => setFilled(encode(values)),
      }),
    [form],
  );

  const count = [...filled].filter((c) => c === "1").length;
  const total = testimonySections.length;

  return (
    <nav aria-label={t("progress.navLabel")} className="mb-8 lg:sticky lg:top-4 lg:mb-0 lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto">
      <h2 className="text-sm font-semibold text-slate-900">{t("progress.title")}</h2>
      <p className="mt-1 text-xs text-slate-600">{t("progress.filled", { filled: count, total })}</p>
      <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
        <div className="h-full rounded-full bg-accent-600 transition-[width]" style={{ width: `${(count / total) * 100}%` }} />
      </div>
      <ol className="mt-3 space-y-0.5">
        {testimonySections.map((section, i) => {
          const done = filled[i] === "1";
          return (
            <li key={section}>
              <a
                href={`#${sectionAnchor(section)}`}
                className="flex items-center gap-2 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100"
              >
                {done ? (
                  <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 text-emerald-700">
                    <circle cx="10" cy="10" r="9" fill="currentColor" />
                    <path d="M6 10.5l2.5 2.5L14 7.5" fill="none" stroke="white" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                ) : (
                  <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 text-slate-400">
                    <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" strokeWidth="1.5" />
                  </svg>
                )}
                <span>{t(`sections.${section}`)}</span>
                <span className="sr-only">({t(done ? "progress.sectionFilled" : "progress.sectionEmpty")})</span>
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
