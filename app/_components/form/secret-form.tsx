"use client";

import { usePathname } from "next/navigation";
import type { ComponentProps } from "react";
import { useHydrated } from "../use-hydrated";
import { Button } from "./button";

// A FORM THAT CARRIES A SECRET (passphrase, authenticator code, set-up token).
// Only the page's scripts read its fields: they derive what may leave the
// browser (the authKey, never the passphrase). Until they have loaded, the
// browser's own submission must send nothing anywhere. Invariants:
// - until hydration the form's default button is a disabled submit button,
//   so Enter in a field does nothing (HTML implicit submission), and the
//   visible submit button (SecretSubmit) is disabled too;
// - should the browser submit anyway, it is a POST (fields never land in a
//   URL, history or proxy log) to /api/form-fallback, which reads no body
//   and sends the person back to this page.

export const FORM_FALLBACK_PATH = "/api/form-fallback";

type FormProps = Omit<ComponentProps<"form">, "action" | "method" | "noValidate">;

export function SecretForm({ children, ...props }: FormProps) {
  const hydrated = useHydrated();
  const back = usePathname();
  return (
    <form {...props} method="post" action={`${FORM_FALLBACK_PATH}?back=${encodeURIComponent(back)}`} noValidate>
      {!hydrated && <button type="submit" disabled hidden aria-hidden="true" tabIndex={-1} />}
      {children}
    </form>
  );
}

/** The form's submit button: disabled until the page's scripts run. */
export function SecretSubmit({ disabled, ...props }: Omit<ComponentProps<typeof Button>, "type">) {
  const hydrated = useHydrated();
  return <Button {...props} type="submit" disabled={!hydrated || disabled} />;
}
