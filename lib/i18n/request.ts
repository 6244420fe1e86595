import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getActor } from "@/lib/auth/session";
import { getOrgDefaultLocale } from "@/lib/org/queries";
import { isLocale, localeCookie, pickLocale } from "./config";

// The locale comes from the language switch's cookie, else the signed-in
// member's organisation's default language (Settings), else the browser's
// Accept-Language, else English (config.ts, pickLocale). URLs carry no
// locale, so they reveal nothing.
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(localeCookie)?.value;
  // The organisation is looked up only for a member who chose no language.
  const organisation = isLocale(chosen) ? undefined : await organisationLocale();
  const locale = pickLocale({ chosen, organisation, acceptLanguage: (await headers()).get("accept-language") });
  return {
    locale,
    messages: (await import(`../../messages/${locale}.json`)).default,
  };
});

async function organisationLocale() {
  const actor = await getActor();
  return actor ? getOrgDefaultLocale(actor.orgId) : undefined;
}
