import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { hasAnyUser } from "@/lib/account/actions";
import { SetupForm } from "./setup-form";

// First run only: once the organisation has a user, this page does not exist.
export default async function SetupPage() {
  if (await hasAnyUser()) notFound();
  const t = await getTranslations("setup");
  return (
    <div className="mx-auto mt-8 max-w-xl">
      <section aria-labelledby="setup-title" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="setup-title" className="text-lg font-semibold text-slate-900">
          {t("title")}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{t("lead")}</p>
        <div className="mt-5">
          <SetupForm />
        </div>
      </section>
    </div>
  );
}
