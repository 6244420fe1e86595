import { getTranslations } from "next-intl/server";
import { guardPage } from "@/lib/auth/guard";
import { NewCase } from "./new-case";

export default async function NewCasePage() {
  await guardPage("cases.create");
  const t = await getTranslations("cases");
  return (
    <div className="max-w-3xl">
      <h1 className="text-lg font-semibold text-slate-900">{t("newTitle")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("newLead")}</p>
      <div className="mt-5 rounded-lg border border-slate-200 bg-white p-5">
        <NewCase />
      </div>
    </div>
  );
}
