"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { checkSeenCheckpointAction } from "@/app/_actions/audit";

// The admin's browser as a witness: it remembers the newest checkpoint it
// was shown (seq and head hash only — public, nothing secret) and, on every
// later visit, asks whether today's log still extends it. If the checkpoint
// file is gone or the event it names has another hash, the log or its
// checkpoints were rewritten: an alarm that stays until the admin has seen
// it, and the remembered checkpoint is kept as evidence (never replaced by
// the new, inconsistent one).

const STORAGE_KEY = "casevault.audit.seenCheckpoint";

type Seen = { seq: string; headHash: string };
type Alarm = { seen: Seen; reason: string };

function readSeen(): Seen | null {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null") as Partial<Seen> | null;
    if (value && typeof value.seq === "string" && /^\d+$/.test(value.seq) && typeof value.headHash === "string" && /^[0-9a-f]{64}$/.test(value.headHash)) {
      return { seq: value.seq, headHash: value.headHash };
    }
  } catch {
    /* unreadable: treat as nothing seen */
  }
  return null;
}

export function CheckpointWatch({ latest }: { latest: Seen | null }) {
  const t = useTranslations("audit");
  const [alarm, setAlarm] = useState<Alarm | null>(null);
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const seen = readSeen();
      if (seen) {
        const result = await checkSeenCheckpointAction(seen);
        if (cancelled) return;
        if (!result.ok) return; // could not check (e.g. signed out): no verdict either way
        if (result.data !== "extends") {
          setAlarm({ seen, reason: result.data });
          return;
        }
      }
      if (latest && (!seen || BigInt(latest.seq) >= BigInt(seen.seq))) localStorage.setItem(STORAGE_KEY, JSON.stringify(latest));
      if (!cancelled) setChecked(true);
    })();
    return () => {
      cancelled = true;
    };
  }, [latest]);

  if (alarm) {
    return (
      <div role="alert" data-testid="audit-alarm" className="rounded-lg border-2 border-red-600 bg-red-50 p-4 text-sm text-red-900">
        <p className="font-semibold">{t("alarmTitle")}</p>
        <p className="mt-1">{t("alarmBody", { seq: alarm.seen.seq, reason: t(`seen.${alarm.reason}`, { seq: alarm.seen.seq }) })}</p>
        <p className="mt-1 break-all font-mono text-xs">{alarm.seen.headHash}</p>
        <p className="mt-2">{t("alarmWhatNow")}</p>
      </div>
    );
  }
  return checked ? (
    <p data-testid="audit-watch-ok" className="text-xs text-slate-500">
      {t("watchOk")}
    </p>
  ) : null;
}
