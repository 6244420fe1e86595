import { getTranslations } from "next-intl/server";
import { guardPage } from "@/lib/auth/guard";
import { getOrgSettings } from "@/lib/org/queries";
import { SettingsForm } from "./settings-form";

export default async function SettingsPage() {
  const actor = await guardPage("org.settings");
  const t = await getTranslations("settings");
  const { name, ...settings } = await getOrgSettings(actor);
  return (
    <div className="max-w-3xl space-y-4">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{name}</p>
      </div>
      <SettingsForm initial={settings} />
    </div>
  );
}
