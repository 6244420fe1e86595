"use client";

import { useTranslations } from "next-intl";
import { useEffect } from "react";
import { QUICK_EXIT_DOUBLE_ESCAPE_MS, quickExit } from "@/lib/account/quick-exit";

/** Always visible, and bound to Escape pressed twice quickly anywhere in the app. */
export function QuickExitButton() {
  const t = useTranslations("quickExit");
  useEffect(() => {
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      const now = event.timeStamp;
      if (now - last < QUICK_EXIT_DOUBLE_ESCAPE_MS) quickExit();
      last = now;
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
  return (
    <button
      type="button"
      onClick={quickExit}
      title={t("hint")}
      className="rounded bg-red-700 px-2.5 py-1 text-xs font-semibold uppercase tracking-wide text-white hover:bg-red-800"
    >
      {t("label")}
    </button>
  );
}
