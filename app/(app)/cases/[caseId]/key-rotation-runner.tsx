"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { CaseKeyring } from "@/lib/cases/case-keys";
import { reencryptRecord } from "@/lib/cases/records-client";
import type { CaseDetail } from "@/lib/cases/schema";
import { ProgressNote } from "@/app/_components/form/progress-note";
import { reencryptAction, staleRecordsAction } from "../actions";

/**
 * After a key rotation, moves the case's records to the new epoch from this
 * browser, in batches. Resumable: whatever is left is picked up on the next
 * visit; a record is never left unreadable (the old key opens it until the
 * server has its re-encrypted copy, swapped in one statement).
 */
export function KeyRotationRunner({ detail, keyring }: { detail: CaseDetail; keyring: CaseKeyring }) {
  const t = useTranslations("caseView");
  const router = useRouter();
  const [done, setDone] = useState(0);
  const [finished, setFinished] = useState(false);
  const active = detail.staleRecords > 0 && keyring.has(detail.currentEpoch) && !finished;

  useEffect(() => {
    const toKey = keyring.get(detail.currentEpoch);
    if (detail.staleRecords === 0 || !toKey) return;
    let live = true;
    void (async () => {
      for (;;) {
        const batch = await staleRecordsAction({ caseId: detail.id });
        if (!live || !batch.ok || batch.data.length === 0) break;
        const fromEpoch = batch.data[0]!.epoch;
        const fromKey = keyring.get(fromEpoch);
        if (!fromKey) break; // this browser holds no key for that epoch; another member will do it
        const sameEpoch = batch.data.filter((r) => r.epoch === fromEpoch);
        const records = await Promise.all(sameEpoch.map((record) => reencryptRecord({ caseId: detail.id, record, fromKey, toKey, toEpoch: detail.currentEpoch })));
        const result = await reencryptAction({ caseId: detail.id, fromEpoch, records });
        if (!result.ok || result.data.updated === 0) break;
        if (live) setDone((n) => n + result.data.updated);
      }
      if (live) {
        setFinished(true);
        router.refresh();
      }
    })();
    return () => {
      live = false;
    };
  }, [detail, keyring, router]);

  if (!active) return null;
  return <ProgressNote>{t("reencrypting", { done, total: detail.staleRecords })}</ProgressNote>;
}
