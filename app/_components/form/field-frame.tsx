"use client";

import { Description, Field, Label } from "@headlessui/react";

/**
 * Label, control, hint and error, wired for screen readers by Headless UI
 * (aria-labelledby, aria-describedby). Every form field uses this frame.
 */
export function FieldFrame({ label, hint, error, hideLabel, children }: { label: string; hint?: string; error?: string; hideLabel?: boolean; children: React.ReactNode }) {
  return (
    <Field className="space-y-1">
      <Label className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-800"}>{label}</Label>
      {children}
      {hint && !error && <Description className="text-xs text-slate-500">{hint}</Description>}
      {error && (
        <Description className="text-xs font-medium text-red-700" role="alert">
          {error}
        </Description>
      )}
    </Field>
  );
}

export const controlClass =
  "block w-full rounded border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-accent-600 focus:outline-none focus:ring-2 focus:ring-accent-600 data-invalid:border-red-500 data-disabled:bg-slate-100";
