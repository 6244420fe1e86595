"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { SafetyNumberView } from "@/app/_components/safety-number-view";
import { useVault } from "@/lib/account/vault";
import { fingerprint } from "@/lib/crypto/fingerprint";
import { AccountSection } from "./account-section";

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
    <AccountSection id="fingerprint" title={t("fingerprint")} intro={t("fingerprintHint")}>
      {account && (
        <SafetyNumberView
          label={t("numberOf", { name: displayName })}
          qrLabel={t("qr", { name: displayName })}
          userId={account.userId}
          number={value}
          testId="fingerprint"
        />
      )}
    </AccountSection>
  );
}
