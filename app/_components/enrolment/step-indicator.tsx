// Where the user is in a multi-step form, for eyes and screen readers.
export function StepIndicator({ steps, current }: { steps: string[]; current: number }) {
  return (
    <ol className="mb-5 flex items-center gap-2 text-xs" aria-label={`${current + 1} / ${steps.length}`}>
      {steps.map((label, i) => (
        <li key={label} aria-current={i === current ? "step" : undefined} className="flex items-center gap-2">
          <span
            className={`flex h-5 w-5 items-center justify-center rounded-full font-semibold ${
              i < current ? "bg-accent-700 text-white" : i === current ? "border-2 border-accent-700 text-accent-800" : "border border-slate-300 text-slate-400"
            }`}
          >
            {i + 1}
          </span>
          <span className={i === current ? "font-medium text-slate-900" : "text-slate-500"}>{label}</span>
          {i < steps.length - 1 && <span aria-hidden="true" className="h-px w-6 bg-slate-300" />}
        </li>
      ))}
    </ol>
  );
}
