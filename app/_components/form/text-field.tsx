"use client";

import { Description, Field, Input, Label } from "@headlessui/react";
import type { InputHTMLAttributes, Ref } from "react";

// A labelled input with its hint and its error announced to screen readers
// (Headless UI wires aria-describedby; aria-invalid marks the error).
type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "className"> & {
  label: string;
  hint?: string;
  error?: string;
  ref?: Ref<HTMLInputElement>;
};

export function TextField({ label, hint, error, ref, ...input }: Props) {
  return (
    <Field className="space-y-1">
      <Label className="block text-sm font-medium text-slate-800">{label}</Label>
      <Input
        ref={ref}
        {...input}
        invalid={Boolean(error)}
        className="block w-full rounded border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-accent-600 focus:outline-none focus:ring-2 focus:ring-accent-100 data-invalid:border-red-500 data-disabled:bg-slate-100"
      />
      {hint && !error && <Description className="text-xs text-slate-500">{hint}</Description>}
      {error && (
        <Description className="text-xs font-medium text-red-700" role="alert">
          {error}
        </Description>
      )}
    </Field>
  );
}
