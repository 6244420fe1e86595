import { getTranslations } from "next-intl/server";
import { CardPage } from "@/app/_components/card-page";
import { AcceptInvitation } from "./accept-invitation";

// The invitation token travels in the URL fragment (#…), which browsers never
// send to a server: it stays out of access logs and proxies.
export default async function InvitePage() {
  const t = await getTranslations("invite");
  return (
    <CardPage title={t("title")} width="xl">
      <AcceptInvitation />
    </CardPage>
  );
}
