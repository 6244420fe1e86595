"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { SafetyNumberView } from "@/app/_components/safety-number-view";
import { useVault } from "@/lib/account/vault";
import { fingerprint } from "@/lib/crypto/fingerprint";

/**
 * The fingerprint of the user's public keys, as digits and a QR code, to
 * compare with teammates in person. Labelled with the user's name too: a
 * screen shown to a colleague says whose number it is.
 */
export function AccountKeys({ displayName }: { displayName: string }) {
  const t = useTranslations("account");
  const account = useVault();
  const [value, setValue] = useState<string | null>(null);
  useEffect(() => {
    if (account) void fingerprint({ x25519: account.keys.x25519.publicKey, ed25519: account.keys.ed25519.publicKey }).then(setValue);
  }, [account]);
  return (
    <section aria-labelledby="fingerprint-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="fingerprint-title" className="text-sm font-semibold text-slate-900">
        {t("fingerprint")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("fingerprintHint")}</p>
      {account && (
        <SafetyNumberView
          label={t("numberOf", { name: displayName })}
          qrLabel={t("qr", { name: displayName })}
          userId={account.userId}
          number={value}
          testId="fingerprint"
        />
      )}
    </section>
  );
}
