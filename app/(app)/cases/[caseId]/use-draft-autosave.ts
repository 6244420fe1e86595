"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import type { TestimonyDraft } from "@/lib/testimonies/schema";
import { sealDraft } from "@/lib/testimonies/testimonies-client";
import { saveDraftAction } from "@/app/_actions/testimonies";

/** How often a changed form is sealed and sent: a crash loses at most this much typing. */
const AUTOSAVE_MS = 3_000;

export type DraftStatus = { state: "idle" } | { state: "saving" } | { state: "saved"; at: Date } | { state: "failed" };

/**
 * Keeps an encrypted draft of the form on the server: every few seconds while
 * there are changes, when the tab is hidden, and when the editor closes.
 * (A page being torn down cannot reliably finish a request of this size, so
 * the periodic save is what bounds the loss.)
 */
export function useDraftAutosave(input: { caseId: string; currentEpoch: number; keyring: CaseKeyring; draftId: string; testimonyId: string; baseVersion: number }) {
  const [status, setStatus] = useState<DraftStatus>({ state: "idle" });
  const pending = useRef<TestimonyDraft | null>(null);
  const running = useRef(false);
  const target = useRef(input);
  useEffect(() => {
    target.current = input;
  });

  const flush = useCallback(async () => {
    if (running.current || !pending.current) return;
    const value = pending.current;
    pending.current = null;
    running.current = true;
    setStatus({ state: "saving" });
    try {
      const t = target.current;
      const record = await sealDraft(t, t.draftId, { testimonyId: t.testimonyId, baseVersion: t.baseVersion, value });
      const result = await saveDraftAction({ caseId: t.caseId, record });
      if (result.ok) setStatus({ state: "saved", at: new Date(result.data.savedAt) });
      else {
        pending.current ??= value; // try again on the next tick
        setStatus({ state: "failed" });
      }
    } catch {
      pending.current ??= value;
      setStatus({ state: "failed" });
    } finally {
      running.current = false;
    }
  }, []);

  useEffect(() => {
    const timer = setInterval(() => void flush(), AUTOSAVE_MS);
    const onHide = () => {
      if (document.visibilityState === "hidden") void flush();
    };
    document.addEventListener("visibilitychange", onHide);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onHide);
      void flush();
    };
  }, [flush]);

  const changed = useCallback((value: TestimonyDraft) => {
    pending.current = value;
  }, []);
  /** Forget unsent changes (the version was saved, or the draft discarded). */
  const forget = useCallback(() => {
    pending.current = null;
  }, []);

  return { status, changed, forget, flush };
}
