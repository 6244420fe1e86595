"use client";

import { useEffect, useState } from "react";
import { useVault } from "@/lib/account/vault";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { openKeyring, openProfile, openReason, type Opened } from "@/lib/cases/open-case-client";
import type { CaseDetail, PersonProfile } from "@/lib/cases/schema";

export type OpenedCase = {
  keyring: CaseKeyring;
  profile: Opened<PersonProfile>;
  reasons: Map<string, Opened<string>>;
};

/** Opens the case's keys and records in this browser; wipes the keys when the page goes away or the data changes. */
export function useOpenedCase(detail: CaseDetail): OpenedCase | null {
  const me = useVault();
  const [opened, setOpened] = useState<OpenedCase | null>(null);
  useEffect(() => {
    if (!me) return;
    let live = true;
    let keyring: CaseKeyring | null = null;
    void (async () => {
      keyring = await openKeyring(detail, detail.people, me, detail.formerSigners);
      const profile = await openProfile(detail, detail.profile, keyring);
      const reasons = new Map<string, Opened<string>>();
      for (const record of detail.records) if (record.type === "transition_reason") reasons.set(record.id, await openReason(detail.id, record, keyring));
      if (live) setOpened({ keyring, profile, reasons });
    })();
    return () => {
      live = false;
      keyring?.wipe();
    };
  }, [detail, me]);
  return opened;
}
