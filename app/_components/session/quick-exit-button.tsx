"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { quickExit } from "@/lib/account/quick-exit";
import { createQuickExitShortcut } from "@/lib/account/quick-exit-shortcut";

// Elements that take Escape for themselves while open: Headless UI dialogs,
// menus, listboxes and popovers (they carry data-open), native dialogs.
const OVERLAY = '[role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"], dialog[open], [aria-modal="true"], [data-open]';
// Inline panels that Escape closes (the evidence review form): an Escape pressed inside one is the panel's.
const CLOSES_ON_ESCAPE = "[data-closes-on-escape]";

function escapeUsedByPage(event: KeyboardEvent): boolean {
  if (document.querySelector(OVERLAY)) return true;
  const target = event.target;
  if (target instanceof Element && target.closest(CLOSES_ON_ESCAPE)) return true;
  return target instanceof HTMLInputElement && target.type === "search" && target.value !== "";
}

/** Always visible, and bound to Shift+Escape (or Escape three times with nothing open) anywhere in the app. */
export function QuickExitButton() {
  const t = useTranslations("quickExit");
  useEffect(() => {
    const shortcut = createQuickExitShortcut();
    // Capture phase: the overlay is judged before its own handler closes it.
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      if (shortcut.press({ key: event.key, shiftKey: event.shiftKey, timeStamp: event.timeStamp, usedByPage: escapeUsedByPage(event) })) quickExit();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
  return (
    <button
      type="button"
      onClick={quickExit}
      title={t("hint")}
      aria-keyshortcuts="Shift+Escape"
      className="rounded bg-red-700 px-2.5 py-1 text-xs font-semibold uppercase tracking-wide text-white hover:bg-red-800"
    >
      {t("label")}
    </button>
  );
}
