import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { guardPage } from "@/lib/auth/guard";
import { isAllowed } from "@/lib/auth/policy";
import { countMyCases } from "@/lib/cases/queries";
import { DeadlineDashboard } from "./_dashboard/deadline-dashboard";

// The start page: the deadlines across the viewer's cases (a coordinator's
// landing view). Admins manage people, not cases: they land on the users page.
export default async function HomePage() {
  const actor = await guardPage("dashboard.view");
  if (actor.role === "admin") redirect("/admin/users");
  const t = await getTranslations("home");
  const cases = await countMyCases(actor);
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
      <section className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-3">
        {cases === 0 ? (
          <p className="text-sm text-slate-600">{t("noCasesYet")}</p>
        ) : (
          <p className="text-sm text-slate-700">
            {t("yourCases", { count: cases })}{" "}
            <Link href="/cases" className="font-medium text-accent-800 hover:underline">
              {t("openCases")}
            </Link>
          </p>
        )}
        {isAllowed(actor, "cases.create") && (
          <Link href="/cases/new" className="ml-auto inline-block rounded bg-accent-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-800">
            {t("openCase")}
          </Link>
        )}
      </section>
      {cases > 0 && <DeadlineDashboard myId={actor.userId} />}
    </div>
  );
}
