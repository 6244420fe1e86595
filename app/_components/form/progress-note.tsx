// Shown while slow work runs (key derivation takes about a second).
export function ProgressNote({ children }: { children: React.ReactNode }) {
  return (
    <p role="status" aria-live="polite" className="flex items-center gap-2 text-sm text-slate-600">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 motion-safe:animate-spin text-accent-700">
        <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21 12a9 9 0 0 0-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      {children}
    </p>
  );
}
