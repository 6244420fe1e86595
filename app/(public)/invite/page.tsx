import { getTranslations } from "next-intl/server";
import { AcceptInvitation } from "./accept-invitation";

// The invitation token travels in the URL fragment (#…), which browsers never
// send to a server: it stays out of access logs and proxies.
export default async function InvitePage() {
  const t = await getTranslations("invite");
  return (
    <div className="mx-auto mt-8 max-w-xl">
      <section aria-labelledby="invite-title" className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 id="invite-title" className="text-lg font-semibold text-slate-900">
          {t("title")}
        </h1>
        <div className="mt-4">
          <AcceptInvitation />
        </div>
      </section>
    </div>
  );
}
