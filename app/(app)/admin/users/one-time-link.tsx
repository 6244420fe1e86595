"use client";

import { useTranslations } from "next-intl";
import { ShownOnceLink } from "@/app/_components/shown-once-link";

/**
 * An invitation link, shown once: only its hash is stored, so it cannot be
 * shown again. The token sits after '#', which browsers never send to servers.
 */
export function OneTimeLink({ token, email, mailed }: { token: string; email: string; mailed: boolean }) {
  const t = useTranslations("admin");
  const link = `${window.location.origin}/invite#${token}`;
  return (
    <ShownOnceLink
      link={link}
      testId="invite-link"
      labels={{ field: t("linkLabel"), copy: t("copy"), copied: t("copied") }}
      before={<p>{t("linkFor", { email })}</p>}
      after={
        <>
          {t("linkOnce")} {mailed && t("mailed", { email })}
        </>
      }
    />
  );
}
