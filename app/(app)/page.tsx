import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { guardPage } from "@/lib/auth/guard";

// The start page. Admins manage people, not cases: they land on the users page.
export default async function HomePage() {
  const actor = await guardPage("dashboard.view");
  if (actor.role === "admin") redirect("/admin/users");
  const t = await getTranslations("home");
  return (
    <div>
      <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("noCasesYet")}</p>
    </div>
  );
}
