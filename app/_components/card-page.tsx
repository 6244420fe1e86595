// A single centred card with a title: sign-in, set-up, invitation, unlock.
export function CardPage({ title, lead, width = "md", children }: { title: string; lead?: React.ReactNode; width?: "sm" | "md" | "xl"; children: React.ReactNode }) {
  const max = { sm: "max-w-sm", md: "max-w-md", xl: "max-w-xl" }[width];
  return (
    <div className={`mx-auto mt-10 ${max}`}>
      <section aria-labelledby="card-title" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="card-title" className="text-lg font-semibold text-slate-900">
          {title}
        </h1>
        {lead && <p className="mt-1 text-sm text-slate-600">{lead}</p>}
        <div className="mt-4">{children}</div>
      </section>
    </div>
  );
}
