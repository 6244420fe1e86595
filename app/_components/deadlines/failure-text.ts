"use client";

import { useTranslations } from "next-intl";
import type { ActionFailure } from "@/lib/auth/guard";

/** The message for a failed action: its specific reason when the catalogue has one, else the general "nothing was saved". */
export function useFailureText(): (failure: ActionFailure) => string {
  const te = useTranslations("errors");
  return (failure) => (failure.reason && te.has(failure.reason) ? te(failure.reason) : te("unavailable"));
}
