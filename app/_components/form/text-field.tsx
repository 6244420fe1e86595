"use client";

import { Input } from "@headlessui/react";
import type { InputHTMLAttributes, Ref } from "react";
import { controlClass, FieldFrame } from "./field-frame";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "className"> & { label: string; hint?: string; error?: string; ref?: Ref<HTMLInputElement> };

export function TextField({ label, hint, error, ref, ...input }: Props) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      <Input ref={ref} {...input} invalid={Boolean(error)} className={controlClass} />
    </FieldFrame>
  );
}
