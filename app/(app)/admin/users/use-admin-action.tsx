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
 * words or the success it was given, and shows a link once when the action
 * issued one.
 */
export function useAdminAction() {
  const te = useTranslations("errors");
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<Link | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, startTransition] = useTransition();

  /** `success`: the words shown when it worked (for actions whose result is not otherwise visible). */
  function run<T>(task: () => Promise<ActionResult<T>>, issuedFor?: (data: T) => Link, success?: string) {
    setError(null);
    setNotice(null);
    startTransition(async () => {
      // A dropped connection rejects instead of returning a result: it is reported the same way.
      const result = await task().catch((): ActionResult<T> => ({ ok: false, error: "unavailable" }));
      if (!result.ok) setError(result.error === "conflict" ? "users.conflict" : "unavailable");
      else {
        if (issuedFor) setLink(issuedFor(result.data));
        if (success) setNotice(success);
      }
    });
  }

  const messages =
    error || link || notice ? (
      <div className="space-y-2 p-3">
        {error && (
          <div data-testid="admin-action-error">
            <FormAlert>{te(error)}</FormAlert>
          </div>
        )}
        {notice && (
          <div data-testid="admin-action-success">
            <FormAlert tone="success">{notice}</FormAlert>
          </div>
        )}
        {link && <OneTimeLink {...link} />}
      </div>
    ) : null;

  return { busy, run, messages };
}
