"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { fingerprint } from "@/lib/crypto/fingerprint";

/** The fingerprint of the user's public keys, to compare with teammates in person. */
export function AccountKeys() {
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
      <p data-testid="fingerprint" className="mt-3 font-mono text-base tracking-wider text-slate-900">
        {value ?? "…"}
      </p>
    </section>
  );
}
