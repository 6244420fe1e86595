"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";

/** Under a paged list: how many of how many are shown, and the button for the next page while any are left. */
export function ShowMore({ shown, total, more, loading, failed }: { shown: number; total: number; more: (() => void) | null; loading: boolean; failed: boolean }) {
  const t = useTranslations("paging");
  if (shown >= total && !failed) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-3 py-2 text-sm text-slate-700">
      <span>{t("shownOf", { shown, total })}</span>
      {failed ? (
        <FormAlert>{t("moreFailed")}</FormAlert>
      ) : (
        <Button variant="secondary" onClick={more ?? undefined} disabled={!more || loading}>
          {loading ? t("loadingMore") : t("showMore")}
        </Button>
      )}
    </div>
  );
}
