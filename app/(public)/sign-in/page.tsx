import { getTranslations } from "next-intl/server";
import { hasAnyUser } from "@/lib/account/actions";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ enrolled?: string }> }) {
  const t = await getTranslations("signIn");
  const { enrolled } = await searchParams;
  const firstRun = !(await hasAnyUser());
  return (
    <div className="mx-auto mt-10 max-w-md">
      <section aria-labelledby="sign-in-title" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="sign-in-title" className="text-lg font-semibold text-slate-900">
          {t("title")}
        </h1>
        <p className="mt-2 text-sm text-slate-600">{t("lead")}</p>
        <div className="mt-5">
          {firstRun ? (
            <p role="status" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              {t("firstRun")}{" "}
              <a href="/setup" className="font-medium underline">
                {t("firstRunLink")}
              </a>
            </p>
          ) : (
            <SignInForm enrolledEmail={enrolled ?? null} />
          )}
        </div>
        <p className="mt-5 text-xs text-slate-500">{t("securityNote")}</p>
      </section>
    </div>
  );
}
