/**
 * High-water marks: the newest key epoch of each case and the newest version
 * of each record this user's browser has seen, kept sealed under the account
 * key (sealed-document.ts), so a server that serves something older is caught.
 *
 * Must always hold (docs/design.md, "High-water marks"):
 * - A mark only ever rises: noting an older epoch or version changes nothing,
 *   and merging two copies keeps the higher of each.
 * - A record version is identified by (version, epoch, hash of its sealed
 *   bytes). Records are never re-encrypted, so the same version with any
 *   other epoch or bytes is a rewrite.
 * - A signed version names its predecessor's hash (lib/cases/record-signature.ts):
 *   the version right after the marked one must name the marked hash, or
 *   the version this browser saw was swapped out of history (a rewrite).
 *   A later version under an older epoch than the marked one is a rewrite too.
 * - Pure data: no I/O, no keys.
 */
import { z } from "zod";
import { base64urlOfBytes } from "@/lib/encoding/base64url";

export type RecordMark = { version: number; epoch: number; hash: string };

export type Marks = {
  readonly epochs: ReadonlyMap<string, number>;
  readonly records: ReadonlyMap<string, RecordMark>;
};

/** "ahead": newer than the mark (or first seen); "same": exactly the mark; the rest are alerts. */
export type MarkVerdict = "ahead" | "same" | "rolled_back" | "rewritten";

export const emptyMarks: Marks = { epochs: new Map(), records: new Map() };

/** The key of one record in the marks: case, record type and record id. */
export function recordKey(caseId: string, type: string, id: string): string {
  return `${caseId}/${type}/${id}`;
}

export function checkEpoch(marks: Marks, caseId: string, epoch: number): MarkVerdict {
  const seen = marks.epochs.get(caseId);
  if (seen === undefined || epoch > seen) return "ahead";
  return epoch === seen ? "same" : "rolled_back";
}

/** `prev`: the predecessor hash the served version names, when it was opened and its signature held (undefined: unknown). */
export function checkRecord(marks: Marks, key: string, served: RecordMark, prev?: string | null): MarkVerdict {
  const seen = marks.records.get(key);
  if (seen && prev !== undefined && served.version === seen.version + 1 && prev !== seen.hash) return "rewritten";
  // Writes use the current epoch and epochs only rise: a later version under an older epoch was written with an old key (e.g. by a removed member).
  if (seen && served.version > seen.version && served.epoch < seen.epoch) return "rewritten";
  if (!seen || served.version > seen.version) return "ahead";
  if (served.version < seen.version) return "rolled_back";
  return served.epoch === seen.epoch && served.hash === seen.hash ? "same" : "rewritten";
}

/** Where a case's membership chain is marked: version = the number of statements seen, hash = the last one's. */
export const chainKey = (caseId: string) => recordKey(caseId, "membership_chain", caseId);

/**
 * A case's served chain (the hash of each statement, from 1 on) against its
 * mark: fewer statements than seen is a rollback; another statement where
 * one was seen is a rewrite of history.
 */
export function checkChain(marks: Marks, caseId: string, hashes: readonly string[]): MarkVerdict {
  const seen = marks.records.get(chainKey(caseId));
  if (!seen) return "ahead";
  if (hashes.length < seen.version) return "rolled_back";
  if (hashes[seen.version - 1] !== seen.hash) return "rewritten";
  return hashes.length === seen.version ? "same" : "ahead";
}

/** The marks raised to what was just seen; anything not ahead of its mark changes nothing (same object when nothing rises). */
export function noting(seen: { epochs?: [string, number][]; records?: [string, RecordMark][] }): (marks: Marks) => Marks {
  return (marks) => {
    let epochs: Map<string, number> | null = null;
    let records: Map<string, RecordMark> | null = null;
    for (const [caseId, epoch] of seen.epochs ?? []) {
      if (checkEpoch(marks, caseId, epoch) !== "ahead") continue;
      epochs ??= new Map(marks.epochs);
      epochs.set(caseId, epoch);
    }
    for (const [key, mark] of seen.records ?? []) {
      if (checkRecord(marks, key, mark) !== "ahead") continue;
      records ??= new Map(marks.records);
      records.set(key, mark);
    }
    return epochs || records ? { epochs: epochs ?? marks.epochs, records: records ?? marks.records } : marks;
  };
}

/** Two copies merged: the higher mark of each (ours where they tie). */
export function mergeMarks(ours: Marks, stored: Marks): Marks {
  return noting({ epochs: [...stored.epochs], records: [...stored.records] })(ours);
}

const markSchema = z.strictObject({ version: z.number().int().min(1), epoch: z.number().int().min(1), hash: base64urlOfBytes(32) });
const marksWireSchema = z.strictObject({
  type: z.literal("casevault.marks.v1"),
  epochs: z.record(z.string().max(64), z.number().int().min(1)),
  records: z.record(z.string().max(200), markSchema),
});

const sortedEntries = <V>(map: ReadonlyMap<string, V>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** How the marks are stored as a sealed trust document. */
export const marksCodec = {
  kind: "marks" as const,
  empty: emptyMarks,
  toJson: (marks: Marks) => ({ type: "casevault.marks.v1", epochs: sortedEntries(marks.epochs), records: sortedEntries(marks.records) }),
  fromJson: (value: unknown): Marks => {
    const parsed = marksWireSchema.parse(value);
    return { epochs: new Map(Object.entries(parsed.epochs)), records: new Map(Object.entries(parsed.records)) };
  },
  merge: mergeMarks,
};
