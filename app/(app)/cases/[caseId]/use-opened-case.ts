"use client";

import { useEffect, useMemo, useState } from "react";
import { useVault } from "@/lib/account/vault";
import { CaseKeyring } from "@/lib/cases/case-keys";
import { checkCaseChain, openKeyring, openProfile, openReason, signedPrev, type CaseChainCheck, type Opened } from "@/lib/cases/open-case-client";
import type { CaseDetail, PersonProfile, Signer } from "@/lib/cases/schema";
import { marksCodec, type MarkVerdict } from "@/lib/trust/marks";
import { isCurrent, observeCase } from "@/lib/trust/observe-marks";
import type { ChangedKey } from "@/lib/trust/trusted-signers";
import { trustSessionFor } from "../../_trust/trust-sessions";
import { useTrustedPeople } from "../../_trust/use-trust";

export type OpenedCase = {
  keyring: CaseKeyring;
  profile: Opened<PersonProfile>;
  reasons: Map<string, Opened<string>>;
  /** Whose signatures count here, as this browser's keybook decides. */
  signers: readonly Signer[];
  /** People whose served keys are not the ones pinned here: a security alert. */
  changed: readonly ChangedKey[];
  /** The case's key epoch against the newest this browser has seen: anything but ahead/same is a rollback alert. */
  epoch: MarkVerdict;
  /** The signed membership chain: its head, or why it cannot be trusted (no key is opened then). */
  chain: CaseChainCheck;
  /** The chain against the longest this browser has seen: a shorter or different one is a rollback alert. */
  chainMark: MarkVerdict;
};

/**
 * Opens the case's keys and records in this browser, checks the epoch and the
 * profile against this browser's high-water marks (an older profile is
 * withheld as "rolled_back") and the membership chain (a chain that fails,
 * or is older than seen, opens no key), and wipes the keys when the page goes away or
 * the data changes. Null while opening; "failed" when this browser's keybook
 * or marks could not be loaded (nothing is trusted without them), or opening
 * went wrong in a way it does not expect.
 */
export function useOpenedCase(detail: CaseDetail): OpenedCase | "failed" | null {
  const me = useVault();
  const loaded = useTrustedPeople(detail.people);
  const trust = loaded === "failed" ? null : loaded;
  const signers = trust?.signers ?? null;
  const changed = trust?.changed;
  const [opened, setOpened] = useState<Omit<OpenedCase, "changed"> | "failed" | null>(null);
  useEffect(() => {
    if (!me || !signers) return;
    let live = true;
    let keyring: CaseKeyring | null = null;
    const open = async () => {
      const marks = await trustSessionFor(marksCodec, me).catch(() => null);
      if (!marks) return live && setOpened("failed");
      const chain = await checkCaseChain(detail, signers, me);
      const chainSeen = chain.ok ? { hashes: chain.head.hashes, epoch: chain.head.statement.epoch } : undefined;
      const seen = await observeCase(marks, detail.id, { epoch: detail.currentEpoch, chain: chainSeen });
      // A chain older than, or different from, the one seen before opens nothing.
      keyring = isCurrent(seen.chain) ? await openKeyring(detail, signers, me) : new CaseKeyring(detail.id);
      // Cleaned up while the keys were opening: nobody else will wipe them.
      if (!live) return keyring.wipe();
      // Opened first, so the marks check also sees which predecessor each signed version names.
      const openedProfile = await openProfile(detail, detail.profile, keyring);
      const openedReasons = new Map<string, Opened<string>>();
      for (const record of detail.records) if (record.type === "transition_reason") openedReasons.set(record.id, await openReason(detail.id, record, keyring));
      const records = [...(detail.profile ? [{ ...detail.profile, prev: signedPrev(openedProfile) }] : []), ...detail.records.map((r) => ({ ...r, prev: signedPrev(openedReasons.get(r.id)) }))];
      const verdicts = (await observeCase(marks, detail.id, { records })).records;
      const current = (id: string) => isCurrent(verdicts.get(id) ?? "ahead");
      const profile: Opened<PersonProfile> = !detail.profile || current(detail.profile.id) ? openedProfile : { ok: false, problem: "rolled_back" };
      const reasons = new Map([...openedReasons].map(([id, reason]): [string, Opened<string>] => [id, current(id) ? reason : { ok: false, problem: "rolled_back" }]));
      if (live) setOpened({ keyring, profile, reasons, signers, epoch: seen.epoch, chain, chainMark: seen.chain });
    };
    // Anything unexpected shows the "could not be opened" alert rather than an empty page for ever.
    open().catch(() => live && setOpened("failed"));
    return () => {
      live = false;
      keyring?.wipe();
    };
  }, [detail, me, signers]);
  const result = useMemo(() => (opened && opened !== "failed" && changed ? { ...opened, changed } : null), [opened, changed]);
  return loaded === "failed" || opened === "failed" ? "failed" : result;
}
