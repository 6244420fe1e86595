"use client";

import { Field, Label, Select } from "@headlessui/react";
import type { Ref, SelectHTMLAttributes } from "react";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "className"> & {
  label: string;
  options: { value: string; label: string }[];
  error?: string;
  hideLabel?: boolean;
  ref?: Ref<HTMLSelectElement>;
};

/** A labelled native select: the most accessible choice widget there is. */
export function SelectField({ label, options, error, hideLabel, ref, ...select }: Props) {
  return (
    <Field className="space-y-1">
      <Label className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-800"}>{label}</Label>
      <Select
        ref={ref}
        {...select}
        invalid={Boolean(error)}
        className="block w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 focus:border-accent-600 focus:outline-none focus:ring-2 focus:ring-accent-100"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
      {error && (
        <p role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </Field>
  );
}
