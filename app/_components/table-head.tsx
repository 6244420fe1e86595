/** The header row of the app's data tables; an empty label is an unlabelled actions column. */
export function TableHead({ columns, actionsLabel, className = "" }: { columns: string[]; actionsLabel?: string; className?: string }) {
  return (
    <thead className={`bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 ${className}`}>
      <tr>
        {columns.map((c) => (
          <th key={c} className="px-4 py-2 font-medium">
            {c}
          </th>
        ))}
        {actionsLabel && (
          <th className="px-4 py-2 font-medium">
            <span className="sr-only">{actionsLabel}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
