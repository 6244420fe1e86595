"use client";

import { useTranslations } from "next-intl";

/**
 * A field error's text: schemas give their messages as keys under `errors.`
 * (react-hook-form's FieldError, or anything with a `message`).
 */
export function useErrorMessage(): (error: { message?: string } | undefined) => string | undefined {
  const te = useTranslations("errors");
  return (error) => (error?.message ? te(error.message) : undefined);
}
