import { getTranslations } from "next-intl/server";

export default async function SignInPage() {
  const t = await getTranslations("signIn");
  return (
    <div className="mx-auto mt-10 max-w-md">
      <section aria-labelledby="sign-in-title" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="sign-in-title" className="text-lg font-semibold text-slate-900">
          {t("title")}
        </h1>
        <p className="mt-2 text-sm text-slate-600">{t("lead")}</p>
        <p role="status" className="mt-4 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("notYet")}
        </p>
        <p className="mt-4 text-xs text-slate-500">{t("securityNote")}</p>
      </section>
    </div>
  );
}
