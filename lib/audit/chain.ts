import { type AuditData, GENESIS_HASH, eventHash, isAuditData, toHex } from "./events";
import { type StoredCheckpoint, latestValidCheckpoint } from "./checkpoints";

// THE VERIFIER (docs/operations.md, "The audit log"). Walks the log in seq
// order from any row source (the app's Prisma client, a read-only pg
// connection, a transaction in a test) and checks, for every event:
// its seq follows the previous one, its prevHash is the previous hash, its
// HMAC under the chain key is its hash, and where a signed checkpoint names
// its seq, its hash is the checkpoint's. After the walk, a log that ends
// before the newest checkpoint has been cut short. The report names the first
// event that does not match.

export type AuditRow = {
  seq: bigint;
  at: Date;
  actorId: string | null;
  action: string;
  caseId: string | null;
  data: unknown;
  prevHash: Uint8Array;
  hash: Uint8Array;
};

/** The rows with seq > afterSeq, in seq order, at most `limit`. */
export type RowSource = (afterSeq: bigint, limit: number) => Promise<AuditRow[]>;

export type AuditChainBreak =
  /** seq is not the previous seq + 1 (or the first is not 1): events were deleted (or renumbered). */
  | "seq_gap"
  /** prevHash is not the previous event's hash: events were deleted, reordered or rewritten. */
  | "prev_hash_mismatch"
  /** The HMAC does not match: the event was edited (or its hash recomputed without the audit key). */
  | "hash_mismatch"
  /** data is not a flat record, so the appender did not write it. */
  | "malformed_event";

export type AuditProblemKind =
  | AuditChainBreak
  /** The log ends before the newest signed checkpoint: its newest events were deleted. */
  | "truncated"
  /** The event a checkpoint names has another hash now: the log was rewritten from before it. */
  | "checkpoint_mismatch"
  /** A checkpoint file is not signed by the audit key: it was forged or damaged. */
  | "checkpoint_invalid";

/** JSON-safe (seqs as decimal strings): the route and the server action return it as it is. */
export type AuditVerifyReport = {
  ok: boolean;
  /** Events checked and intact (all of them when ok). */
  count: number;
  head: { seq: string; hash: string } | null;
  checkpoints: { total: number; latest: { seq: string; headHash: string; at: string } | null };
  problem: {
    kind: AuditProblemKind;
    /** The first event that does not match (for truncation: the first one missing). */
    seq: string;
    action: string | null;
    /** The last event known intact before it, if any. */
    intactUpTo: string | null;
  } | null;
};

const BATCH = 1000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Why `row` does not follow the event with `prevSeq` and `prevHash`, or null if it does. */
export function checkLink(chainKey: Uint8Array, row: AuditRow, prevSeq: bigint, prevHash: Uint8Array): AuditChainBreak | null {
  if (row.seq !== prevSeq + 1n) return "seq_gap";
  if (!sameBytes(row.prevHash, prevHash)) return "prev_hash_mismatch";
  if (!isAuditData(row.data)) return "malformed_event";
  const data: AuditData = row.data;
  return sameBytes(eventHash(chainKey, row.prevHash, { ...row, data }), row.hash) ? null : "hash_mismatch";
}

/**
 * `start`: resume after a known-good event (a checkpoint already verified):
 * the next event must link to its hash, so a rewrite before it still shows.
 */
export async function verifyRows(
  source: RowSource,
  chainKey: Uint8Array,
  checkpoints: readonly StoredCheckpoint[],
  start: { seq: bigint; hash: Uint8Array; count: number } = { seq: 0n, hash: GENESIS_HASH, count: 0 },
): Promise<AuditVerifyReport> {
  const bySeq = new Map(checkpoints.filter((c) => c.signatureValid).map((c) => [c.seq, c]));
  const invalid = checkpoints.find((c) => !c.signatureValid) ?? null;
  const latest = latestValidCheckpoint(checkpoints);
  const base = {
    checkpoints: {
      total: checkpoints.length,
      latest: latest ? { seq: latest.seq.toString(), headHash: latest.headHash, at: latest.at.toISOString() } : null,
    },
  };
  let prevSeq = start.seq;
  let prevHash: Uint8Array = start.hash;
  let count = start.count;
  const head = () => (count === 0 ? null : { seq: prevSeq.toString(), hash: toHex(prevHash) });
  const fail = (kind: AuditProblemKind, seq: bigint, action: string | null): AuditVerifyReport => ({
    ok: false,
    count,
    head: head(),
    ...base,
    problem: { kind, seq: seq.toString(), action, intactUpTo: count === 0 ? null : prevSeq.toString() },
  });

  for (;;) {
    const rows = await source(prevSeq, BATCH);
    for (const row of rows) {
      // A forged checkpoint before this event is reported first: it is earlier in the log.
      if (invalid && invalid.seq < row.seq && invalid.seq > start.seq) return fail("checkpoint_invalid", invalid.seq, null);
      const reason = checkLink(chainKey, row, prevSeq, prevHash);
      if (reason) return fail(reason, row.seq, row.action);
      const checkpoint = bySeq.get(row.seq);
      if (checkpoint && checkpoint.headHash !== toHex(row.hash)) return fail("checkpoint_mismatch", row.seq, row.action);
      prevSeq = row.seq;
      prevHash = row.hash;
      count++;
    }
    if (rows.length < BATCH) break;
  }
  if (latest && latest.seq > prevSeq) return fail("truncated", prevSeq + 1n, null);
  if (invalid && invalid.seq > start.seq) return fail("checkpoint_invalid", invalid.seq, null);
  return { ok: true, count, head: head(), ...base, problem: null };
}

const explanations: Record<AuditProblemKind, string> = {
  seq_gap: "its number does not follow the previous event's: events were deleted or renumbered",
  prev_hash_mismatch: "it does not link to the previous event: events were deleted, reordered or rewritten",
  hash_mismatch: "its HMAC does not match: the event was edited, or its hash recomputed without the audit key",
  malformed_event: "its data is not what the appender writes",
  truncated: "it is missing: the log ends before the newest signed checkpoint, so its newest events were deleted",
  checkpoint_mismatch: "its hash is not the one its signed checkpoint recorded: the log was rewritten before it",
  checkpoint_invalid: "its checkpoint file is not signed by the audit key: forged or damaged",
};

/** The CLI's lines (English, for operators and cron mail). */
export function describeReport(report: AuditVerifyReport): string[] {
  const cp = report.checkpoints.latest;
  const checkpointLine = cp
    ? `Newest signed checkpoint: event #${cp.seq} at ${cp.at}, head ${cp.headHash} (${report.checkpoints.total} in all).`
    : "No signed checkpoint yet (the app writes one within the hour).";
  if (report.ok) {
    return [`OK: ${report.count} events, head ${report.head ? `${report.head.hash} (event #${report.head.seq})` : "(empty log)"}`, checkpointLine];
  }
  const p = report.problem!;
  return [
    `BROKEN at event #${p.seq}${p.action ? ` (${p.action})` : ""}: ${p.kind} — ${explanations[p.kind]}.`,
    p.intactUpTo ? `Events #1 to #${p.intactUpTo} are intact.` : "No event before it could be confirmed.",
    checkpointLine,
  ];
}
