import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AppShell } from "./_components/app-shell";

export default async function NotFound() {
  const t = await getTranslations("notFound");
  return (
    <AppShell role={null}>
      <div className="mx-auto mt-16 max-w-md text-center">
        <p className="font-mono text-sm text-slate-600">404</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600">{t("body")}</p>
        <Link href="/" className="mt-6 inline-block rounded bg-accent-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-accent-800">
          {t("home")}
        </Link>
      </div>
    </AppShell>
  );
}
