import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { guardPage } from "@/lib/auth/guard";
import { isAllowed } from "@/lib/auth/policy";
import { CaseList } from "./case-list";

export default async function CasesPage() {
  const actor = await guardPage("cases.list");
  const t = await getTranslations("cases");
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("lead")}</p>
        </div>
        {isAllowed(actor, "cases.create") && (
          <Link href="/cases/new" className="shrink-0 rounded bg-accent-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-800">
            {t("new")}
          </Link>
        )}
      </div>
      <CaseList />
    </div>
  );
}
