import type { ReactNode } from "react";

/** One card of the account page: a titled section (its heading names it for screen readers), an optional intro, the content. */
export function AccountSection({ id, title, intro, busy, children }: { id: string; title: string; intro?: ReactNode; busy?: boolean; children: ReactNode }) {
  const titleId = `${id}-title`;
  return (
    <section aria-labelledby={titleId} aria-busy={busy} className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id={titleId} className="text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {intro && <p className="mt-1 text-sm text-slate-600">{intro}</p>}
      {children}
    </section>
  );
}
