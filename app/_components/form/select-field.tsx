"use client";

import { Select } from "@headlessui/react";
import type { Ref, SelectHTMLAttributes } from "react";
import { controlClass, FieldFrame } from "./field-frame";

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "className"> & {
  label: string;
  options: { value: string; label: string }[];
  hint?: string;
  error?: string;
  hideLabel?: boolean;
  ref?: Ref<HTMLSelectElement>;
};

/** A labelled native select: the most accessible choice widget there is. */
export function SelectField({ label, options, hint, error, hideLabel, ref, ...select }: Props) {
  return (
    <FieldFrame label={label} hint={hint} error={error} hideLabel={hideLabel}>
      <Select ref={ref} {...select} invalid={Boolean(error)} className={controlClass}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </FieldFrame>
  );
}
