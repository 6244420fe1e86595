import { getTranslations } from "next-intl/server";
import { countUnusedRecoveryCodes, getShellContext } from "@/lib/account/queries";
import { guardPage } from "@/lib/auth/guard";
import { myFeedStatus } from "@/lib/calendar/queries";
import { AccountKeys } from "./account-keys";
import { CalendarFeed } from "./calendar-feed";
import { ChangePassphraseForm } from "./change-passphrase-form";
import { RecoveryCodesSection } from "./recovery-codes-section";

export default async function AccountPage() {
  const actor = await guardPage("account.view");
  const t = await getTranslations("account");
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-lg font-semibold text-slate-900">{t("title")}</h1>
      <AccountKeys displayName={(await getShellContext(actor)).displayName} />
      <ChangePassphraseForm />
      <RecoveryCodesSection unused={await countUnusedRecoveryCodes(actor)} />
      <CalendarFeed initial={await myFeedStatus(actor)} />
    </div>
  );
}
