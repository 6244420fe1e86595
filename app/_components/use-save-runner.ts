"use client";

import { useCallback, useState } from "react";
import type { ActionResult } from "@/lib/auth/guard";
import { useFailureText } from "./deadlines/failure-text";

export type SaveMessage = { tone: "error" | "success"; text: string };

/**
 * Runs one save at a time for a tab's forms: busy while it runs, then the
 * success text or the failure's own text; a throw (nothing sealed, no
 * answer) reads as "nothing was saved". `onSettled(ok)` runs after either
 * outcome (close the form, reload the list: a failed save may still have
 * changed what others saved meanwhile).
 */
export function useSaveRunner(onSettled: (ok: boolean) => void) {
  const failureText = useFailureText();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<SaveMessage | null>(null);
  const run = useCallback(
    async (work: () => Promise<ActionResult<unknown>>, done: string) => {
      setBusy(true);
      setMessage(null);
      try {
        const result = await work();
        setMessage(result.ok ? { tone: "success", text: done } : { tone: "error", text: failureText(result) });
        onSettled(result.ok);
      } catch {
        setMessage({ tone: "error", text: failureText({ ok: false, error: "unavailable" }) });
        onSettled(false);
      } finally {
        setBusy(false);
      }
    },
    [failureText, onSettled],
  );
  return { busy, message, setMessage, run };
}
