"use client";

import { SafetyNumberQr } from "./safety-number-qr";

/**
 * A safety number as people compare it: labelled with whose it is, the 40
 * digits in two rows of four groups (read aloud group by group), and the same
 * number as a QR code beside them (below them on a narrow screen).
 * The digits element's text is exactly "12345 67890 … 12345" (tests read it).
 */
export function SafetyNumberView({ label, qrLabel, userId, number, testId }: { label: string; qrLabel: string; userId: string; number: string | null; testId: string }) {
  const groups = number?.split(" ") ?? [];
  return (
    <div className="mt-3">
      <p className="text-xs font-medium text-slate-700">{label}</p>
      <div className="mt-1 flex flex-wrap items-center gap-3">
        <p data-testid={testId} className="grid grid-cols-4 gap-x-2 rounded bg-slate-50 px-3 py-2 font-mono text-sm tracking-wide text-slate-900">
          {groups.length === 8 ? groups.map((group, i) => <span key={i}>{i < 7 ? `${group} ` : group}</span>) : <span className="col-span-4">{number ?? "…"}</span>}
        </p>
        <SafetyNumberQr userId={userId} number={number} label={qrLabel} testId={`${testId}-qr`} />
      </div>
    </div>
  );
}
