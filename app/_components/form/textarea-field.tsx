"use client";

import { Description, Field, Label, Textarea } from "@headlessui/react";
import type { Ref, TextareaHTMLAttributes } from "react";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "className"> & { label: string; hint?: string; error?: string; ref?: Ref<HTMLTextAreaElement> };

export function TextareaField({ label, hint, error, ref, rows = 3, ...textarea }: Props) {
  return (
    <Field className="space-y-1">
      <Label className="block text-sm font-medium text-slate-800">{label}</Label>
      <Textarea
        ref={ref}
        rows={rows}
        {...textarea}
        invalid={Boolean(error)}
        className="block w-full rounded border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs focus:border-accent-600 focus:outline-none focus:ring-2 focus:ring-accent-100 data-invalid:border-red-500"
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
