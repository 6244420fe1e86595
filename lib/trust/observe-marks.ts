/**
 * Checking what the server serves against this browser's high-water marks,
 * then raising the marks to it (marks.ts). Client-only: hashes sealed bytes.
 */
import "client-only";
import { sealedRecordHash } from "@/lib/cases/record-signature";
import { chainKey, checkChain, checkEpoch, checkRecord, noting, recordKey, type Marks, type MarkVerdict, type RecordMark } from "./marks";
import type { SealedDocumentSession } from "./sealed-document";

export type ServedRecord = { type: string; id: string; version: number; epoch: number; contentSealed: string };
/** A served record, with the predecessor hash its verified signature names when it was opened first. */
export type ObservedRecord = ServedRecord & { prev?: string | null };

export async function markOf(record: ServedRecord): Promise<RecordMark> {
  return { version: record.version, epoch: record.epoch, hash: await sealedRecordHash(record.contentSealed) };
}

/** Is this served value at least as new as what was seen before? Only "ahead" and "same" may be shown as current. */
export const isCurrent = (verdict: MarkVerdict) => verdict === "ahead" || verdict === "same";

/**
 * The verdict for the case's epoch and for each served record (by record id);
 * the marks are then raised to everything that is current (saved in the
 * background: a failed save only means the next check is less strict).
 */
export async function observeCase(
  session: SealedDocumentSession<Marks>,
  caseId: string,
  served: { epoch?: number; records?: readonly ObservedRecord[]; chain?: { hashes: readonly string[]; epoch: number } },
): Promise<{ epoch: MarkVerdict; records: Map<string, MarkVerdict>; chain: MarkVerdict }> {
  const marks = session.doc;
  const chain = served.chain ? checkChain(marks, caseId, served.chain.hashes) : "same";
  const epoch = served.epoch === undefined ? "same" : checkEpoch(marks, caseId, served.epoch);
  const records = new Map<string, MarkVerdict>();
  const rising: [string, RecordMark][] = [];
  for (const record of served.records ?? []) {
    const key = recordKey(caseId, record.type, record.id);
    const mark = await markOf(record);
    const verdict = checkRecord(marks, key, mark, record.prev);
    records.set(record.id, verdict);
    if (verdict === "ahead") rising.push([key, mark]);
  }
  if (served.chain && chain === "ahead") {
    const { hashes, epoch: chainEpoch } = served.chain;
    rising.push([chainKey(caseId), { version: hashes.length, epoch: chainEpoch, hash: hashes.at(-1)! }]);
  }
  const epochs: [string, number][] = served.epoch !== undefined && epoch === "ahead" ? [[caseId, served.epoch]] : [];
  if (epochs.length > 0 || rising.length > 0) void session.update(noting({ epochs, records: rising })).catch(() => undefined);
  return { epoch, records, chain };
}
