"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/app/_components/form/button";
import { FormAlert } from "@/app/_components/form/form-alert";
import { SafetyNumberView } from "@/app/_components/safety-number-view";
import { saveBlob } from "@/app/_components/save-blob";
import { useVault } from "@/lib/account/vault";
import { fingerprint } from "@/lib/crypto/fingerprint";
import { buildOrgKeys, orgKeysBlob, type LeftOut, type ServedPerson } from "@/lib/org/public-keys-client";
import { pinning } from "@/lib/trust/keybook";
import { useKeybookSession } from "../../_trust/use-trust";

type Outcome = { state: "done"; count: number; left: LeftOut[] } | { state: "failed" } | null;

/**
 * "Public keys for a court": keys.json (lib/bundles/verify/org-keys.mjs),
 * built and signed in this browser from the people the server lists, keeping
 * only the keys this admin's keybook vouches for (lib/org/public-keys-client.ts).
 * Shows the admin's own fingerprint: the court compares it with the file's signer.
 */
export function OrgKeysSection({ organisation, people, displayName }: { organisation: string; people: ServedPerson[]; displayName: string }) {
  const t = useTranslations("orgKeys");
  const account = useVault();
  const session = useKeybookSession();
  const [number, setNumber] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    if (account) void fingerprint({ x25519: account.keys.x25519.publicKey, ed25519: account.keys.ed25519.publicKey }).then(setNumber);
  }, [account]);

  async function download() {
    if (!account || !session || session === "failed") return;
    setBusy(true);
    setOutcome(null);
    try {
      const { file, left, firstSeen } = await buildOrgKeys({ organisation, people, keybook: session.doc, me: account, now: new Date() });
      // People seen here for the first time are pinned, as on any other page that relies on their keys.
      if (firstSeen.length > 0) await session.update(pinning(firstSeen, "first_seen")).catch(() => undefined);
      saveBlob(orgKeysBlob(file), "keys.json");
      setOutcome({ state: "done", count: file.keys.people.length, left });
    } catch {
      setOutcome({ state: "failed" });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="org-keys-title" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="org-keys">
      <h2 id="org-keys-title" className="text-sm font-semibold text-slate-900">
        {t("title")}
      </h2>
      <p className="mt-1 max-w-prose text-sm text-slate-600">{t("lead")}</p>
      {account && <SafetyNumberView label={t("numberOf", { name: displayName })} qrLabel={t("qr", { name: displayName })} userId={account.userId} number={number} testId="org-keys-fingerprint" />}
      <div className="mt-4">
        <Button variant="secondary" onClick={() => void download()} disabled={busy || !account || !session || session === "failed"}>
          {busy ? t("building") : t("download")}
        </Button>
      </div>
      <div className="mt-3 space-y-2" aria-live="polite">
        {session === "failed" && <FormAlert>{t("keybookFailed")}</FormAlert>}
        {outcome?.state === "failed" && <FormAlert>{t("failed")}</FormAlert>}
        {outcome?.state === "done" && (
          <div data-testid="org-keys-done">
            <FormAlert tone="success">{t("done", { count: outcome.count })}</FormAlert>
          </div>
        )}
        {outcome?.state === "done" && outcome.left.length > 0 && (
          <div data-testid="org-keys-left" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p>{t("leftTitle")}</p>
            <ul className="mt-1 list-disc pl-5">
              {outcome.left.map((p) => (
                <li key={p.userId}>{p.displayName}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
