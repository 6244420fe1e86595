"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guard";
import type { IssuedLink } from "@/lib/users/actions";
import { FormAlert } from "@/app/_components/form/form-alert";
import { OneTimeLink } from "./one-time-link";

type Link = IssuedLink & { email: string };

/**
 * One admin action at a time for a table: runs it, shows a failure in plain
 * words, and shows a link once when the action issued one.
 */
export function useAdminAction() {
  const te = useTranslations("errors");
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<Link | null>(null);
  const [busy, startTransition] = useTransition();

  function run<T>(task: () => Promise<ActionResult<T>>, issuedFor?: (data: T) => Link) {
    setError(null);
    startTransition(async () => {
      const result = await task();
      if (!result.ok) setError(result.error === "conflict" ? "users.conflict" : "unavailable");
      else if (issuedFor) setLink(issuedFor(result.data));
    });
  }

  const messages =
    error || link ? (
      <div className="space-y-2 p-3">
        {error && <FormAlert>{te(error)}</FormAlert>}
        {link && <OneTimeLink {...link} />}
      </div>
    ) : null;

  return { busy, run, messages };
}
