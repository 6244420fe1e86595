"use client";

import { Button as HeadlessButton } from "@headlessui/react";
import type { ComponentProps } from "react";

const variants = {
  primary: "bg-accent-700 text-white hover:bg-accent-800 data-disabled:bg-slate-400",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 data-disabled:text-slate-400",
  danger: "bg-red-700 text-white hover:bg-red-800 data-disabled:bg-slate-400",
  quiet: "text-slate-700 hover:bg-slate-100 data-disabled:text-slate-400",
} as const;

type Props = Omit<ComponentProps<typeof HeadlessButton>, "className"> & { variant?: keyof typeof variants; className?: string };

export function Button({ variant = "primary", className = "", ...props }: Props) {
  return (
    <HeadlessButton
      {...props}
      className={`inline-flex items-center justify-center gap-2 rounded px-3 py-1.5 text-sm font-medium transition-colors data-disabled:cursor-not-allowed ${variants[variant]} ${className}`}
    />
  );
}
