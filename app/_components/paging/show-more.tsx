"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import type { Pages } from "./use-pages";

/**
 * Under a paged list (usePages): how many of how many are shown, and the
 * button for the next page while any are left, or why the next page did not
 * come. A failed first page (no rows) is the list's own to show.
 */
export function ShowMore({ pages }: { pages: Pages<unknown> }) {
  const t = useTranslations("paging");
  const { total, more, loadingMore } = pages;
  const shown = pages.rows.length;
  const failed = pages.failed && shown > 0;
  if (shown >= total && !failed) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-3 py-2 text-sm text-slate-700">
      <span>{t("shownOf", { shown, total })}</span>
      {failed ? (
        <FormAlert>{t("moreFailed")}</FormAlert>
      ) : (
        <Button variant="secondary" onClick={more ?? undefined} disabled={!more || loadingMore}>
          {loadingMore ? t("loadingMore") : t("showMore")}
        </Button>
      )}
    </div>
  );
}
