import { getTranslations } from "next-intl/server";
import { hasAnyUser } from "@/lib/account/actions";
import { CardPage } from "@/app/_components/card-page";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ enrolled?: string }> }) {
  const t = await getTranslations("signIn");
  const { enrolled } = await searchParams;
  const firstRun = !(await hasAnyUser());
  return (
    <CardPage title={t("title")} lead={t("lead")}>
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
      <p className="mt-5 text-xs text-slate-500">{t("securityNote")}</p>
    </CardPage>
  );
}
