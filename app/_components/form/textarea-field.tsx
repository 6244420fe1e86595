"use client";

import { Textarea } from "@headlessui/react";
import type { Ref, TextareaHTMLAttributes } from "react";
import { controlClass, FieldFrame } from "./field-frame";

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "className"> & { label: string; hint?: string; error?: string; ref?: Ref<HTMLTextAreaElement> };

export function TextareaField({ label, hint, error, ref, rows = 3, ...textarea }: Props) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      <Textarea ref={ref} rows={rows} {...textarea} invalid={Boolean(error)} className={controlClass} />
    </FieldFrame>
  );
}
