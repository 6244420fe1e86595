import { type AuditData, GENESIS_HASH, eventDigest, isAuditData, toHex } from "./events";
import { type StoredCheckpoint, latestValidCheckpoint } from "./checkpoints";
import { sameBytes } from "@/lib/encoding/same-bytes";

// THE VERIFIER (docs/operations.md, "The audit log"). Two modes:
// - full: walks the log in seq order from event #1 and checks, for every
//   event: its seq follows the previous one, its prevHash is the previous
//   hash, its HMAC under the chain key is its hash, and where a signed
//   checkpoint names its seq, its hash is the checkpoint's. After the walk, a
//   log that ends before the newest checkpoint has been cut short.
// - incremental: every checkpoint file must carry the audit key's signature,
//   and every event a checkpoint names is read by its seq and must still
//   carry its HMAC and the checkpoint's hash; then the walk above runs from
//   the newest signed checkpoint on. What it does NOT re-check: an event
//   strictly between two checkpoints edited in place (or deleted without
//   renumbering) while every checkpointed event stays as signed — only the
//   full walk sees that (tamper.test.ts attacks both).
// The report names the first event that does not match.
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

/** What the verifier reads: the walk, and point reads of the events the checkpoints name. */
export type AuditSource = {
  rowsAfter: RowSource;
  /** The rows with these seqs, in any order; a seq with no row is simply absent. */
  rowsAt: (seqs: readonly bigint[]) => Promise<AuditRow[]>;
};

export type InboxBacklog = { waiting: number; oldestAt: string | null };

/** Reads waiting longer than this mean no instance is sealing. */
export const STALE_INBOX_MS = 5 * 60_000;

/** "incremental": from the newest signed checkpoint on (the default of `npm run audit:verify`); "full": from event #1. */
export type AuditVerifyMode = "incremental" | "full";

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
  /** The event a checkpoint names has another hash now (or is gone): the log was rewritten from before it. */
  | "checkpoint_mismatch"
  /** A checkpoint file is not signed by the audit key: it was forged or damaged. */
  | "checkpoint_invalid";

type CheckpointView = { seq: string; headHash: string; at: string };

/** JSON-safe (seqs as decimal strings): the route and the server action return it as it is. */
export type AuditVerifyReport = {
  ok: boolean;
  /** The mode that ran: "full" also when incremental was asked for but there is no signed checkpoint yet. */
  mode: AuditVerifyMode;
  /**
   * Incremental: the signed checkpoint the walk resumed after. The events up
   * to it were not walked; each checkpointed event was read by its seq.
   */
  from: CheckpointView | null;
  /** Events walked in this run and intact: all of them (full) or those after `from` (incremental). */
  count: number;
  /** The last event known intact (the checkpointed one when nothing came after it). */
  head: { seq: string; hash: string } | null;
  /** `checked`: checkpointed events read by their seq (incremental), each with its HMAC and signed hash. */
  checkpoints: { total: number; checked: number; latest: CheckpointView | null };
  /**
   * Read events not yet chained (the inbox, actions/inbox.ts): they are
   * sealed within seconds while an app instance runs. Not part of the chain
   * until then, so not verified; reported so a stalled sealer shows.
   */
  inbox?: InboxBacklog;
  problem: {
    kind: AuditProblemKind;
    /** The first event that does not match (for truncation: the first one missing). */
    seq: string;
    action: string | null;
    /** The last event known intact before it, if any. */
    intactUpTo: string | null;
  } | null;
};

/** Rows per query: large pages keep a 1M-event walk to a few hundred round trips. */
const PAGE = 10_000;
/** Seqs per point-read query of checkpointed events. */
const LOOKUP_PAGE = 1000;

/** Why `row` does not follow the event with `prevSeq` and `prevHash`, or null if it does. */
export function checkLink(chainKey: Uint8Array, row: AuditRow, prevSeq: bigint, prevHash: Uint8Array): AuditChainBreak | null {
  if (row.seq !== prevSeq + 1n) return "seq_gap";
  if (!sameBytes(row.prevHash, prevHash)) return "prev_hash_mismatch";
  if (!isAuditData(row.data)) return "malformed_event";
  const data: AuditData = row.data;
  return sameBytes(eventDigest(chainKey, row.prevHash, { ...row, data }), row.hash) ? null : "hash_mismatch";
}

function viewOf(checkpoint: StoredCheckpoint | null): CheckpointView | null {
  return checkpoint ? { seq: checkpoint.seq.toString(), headHash: checkpoint.headHash, at: checkpoint.at.toISOString() } : null;
}

/**
 * Walks from event #1, or from `start`: resume after a known-good event (a
 * checkpoint already verified): the next event must link to its hash, so a
 * rewrite that changed it still shows. Reads the next page while hashing
 * this one.
 */
export async function verifyRows(
  source: RowSource,
  chainKey: Uint8Array,
  checkpoints: readonly StoredCheckpoint[],
  start: { seq: bigint; hash: Uint8Array } = { seq: 0n, hash: GENESIS_HASH },
): Promise<AuditVerifyReport> {
  const bySeq = new Map(checkpoints.filter((c) => c.signatureValid).map((c) => [c.seq, c]));
  const invalid = checkpoints.find((c) => !c.signatureValid) ?? null;
  const latest = latestValidCheckpoint(checkpoints);
  const base = { mode: "full" as AuditVerifyMode, from: null, checkpoints: { total: checkpoints.length, checked: 0, latest: viewOf(latest) } };
  let prevSeq = start.seq;
  let prevHash: Uint8Array = start.hash;
  let count = 0;
  const head = () => (prevSeq === 0n ? null : { seq: prevSeq.toString(), hash: toHex(prevHash) });
  const fail = (kind: AuditProblemKind, seq: bigint, action: string | null): AuditVerifyReport => ({
    ok: false,
    count,
    head: head(),
    ...base,
    problem: { kind, seq: seq.toString(), action, intactUpTo: prevSeq === 0n ? null : prevSeq.toString() },
  });

  let next: Promise<AuditRow[]> | null = source(prevSeq, PAGE);
  // A failure returns while a prefetched page may still be in flight: wait it out
  // (its error, too) so the caller's transaction is not closed under it.
  const settle = async (report: AuditVerifyReport) => {
    await next?.catch(() => undefined);
    return report;
  };
  while (next) {
    const rows: AuditRow[] = await next;
    next = rows.length === PAGE ? source(rows[rows.length - 1]!.seq, PAGE) : null;
    for (const row of rows) {
      // A forged checkpoint before this event is reported first: it is earlier in the log.
      if (invalid && invalid.seq < row.seq && invalid.seq > start.seq) return settle(fail("checkpoint_invalid", invalid.seq, null));
      const reason = checkLink(chainKey, row, prevSeq, prevHash);
      if (reason) return settle(fail(reason, row.seq, row.action));
      const checkpoint = bySeq.get(row.seq);
      if (checkpoint && checkpoint.headHash !== toHex(row.hash)) return settle(fail("checkpoint_mismatch", row.seq, row.action));
      prevSeq = row.seq;
      prevHash = row.hash;
      count++;
    }
  }
  if (latest && latest.seq > prevSeq) return fail("truncated", prevSeq + 1n, null);
  if (invalid && invalid.seq > start.seq) return fail("checkpoint_invalid", invalid.seq, null);
  return { ok: true, count, head: head(), ...base, problem: null };
}

/**
 * Reads every event a signed checkpoint names and returns the first (lowest
 * seq) one that is no longer what was signed: gone, edited (its HMAC), or
 * carrying another hash. A forged checkpoint file earlier in the log is
 * reported first, as the full walk would.
 */
async function checkCheckpointedEvents(
  source: AuditSource,
  chainKey: Uint8Array,
  checkpoints: readonly StoredCheckpoint[],
): Promise<{ kind: AuditProblemKind; seq: bigint; action: string | null } | null> {
  const valid = checkpoints.filter((c) => c.signatureValid);
  const rows = new Map<bigint, AuditRow>();
  for (let i = 0; i < valid.length; i += LOOKUP_PAGE) {
    for (const row of await source.rowsAt(valid.slice(i, i + LOOKUP_PAGE).map((c) => c.seq))) rows.set(row.seq, row);
  }
  // checkpoints are sorted by seq: the first problem found is the earliest.
  for (const checkpoint of checkpoints) {
    if (!checkpoint.signatureValid) return { kind: "checkpoint_invalid", seq: checkpoint.seq, action: null };
    const row = rows.get(checkpoint.seq);
    if (!row) {
      // Nothing after it either: the log was cut short. Otherwise the event alone is gone.
      const after = await source.rowsAfter(checkpoint.seq, 1);
      return { kind: after.length === 0 ? "truncated" : "checkpoint_mismatch", seq: checkpoint.seq, action: null };
    }
    // Its own HMAC over its stored prevHash: an edit of the checkpointed event, or of
    // its link to the one before (a rewrite of the chain below it), shows here.
    const reason = checkLink(chainKey, row, checkpoint.seq - 1n, row.prevHash);
    if (reason) return { kind: reason, seq: checkpoint.seq, action: row.action };
    if (toHex(row.hash) !== checkpoint.headHash) return { kind: "checkpoint_mismatch", seq: checkpoint.seq, action: row.action };
  }
  return null;
}

/**
 * The verifier's entry point. Incremental with no signed checkpoint yet runs
 * the full walk (and says so: mode "full").
 */
export async function verifyLog(
  source: AuditSource,
  chainKey: Uint8Array,
  checkpoints: readonly StoredCheckpoint[],
  mode: AuditVerifyMode,
): Promise<AuditVerifyReport> {
  const latest = latestValidCheckpoint(checkpoints);
  if (mode === "full" || !latest) return verifyRows(source.rowsAfter, chainKey, checkpoints);
  const from = viewOf(latest);
  const checked = checkpoints.filter((c) => c.signatureValid).length;
  const problem = await checkCheckpointedEvents(source, chainKey, checkpoints);
  if (problem) {
    return {
      ok: false,
      mode,
      from,
      count: 0,
      head: null,
      checkpoints: { total: checkpoints.length, checked, latest: from },
      // Nothing before a checkpointed event was walked: --full finds the first bad one.
      problem: { kind: problem.kind, seq: problem.seq.toString(), action: problem.action, intactUpTo: null },
    };
  }
  const report = await verifyRows(source.rowsAfter, chainKey, checkpoints, { seq: latest.seq, hash: Buffer.from(latest.headHash, "hex") });
  return { ...report, mode, from, checkpoints: { ...report.checkpoints, checked } };
}

const explanations: Record<AuditProblemKind, string> = {
  seq_gap: "its number does not follow the previous event's: events were deleted or renumbered",
  prev_hash_mismatch: "it does not link to the previous event: events were deleted, reordered or rewritten",
  hash_mismatch: "its HMAC does not match: the event was edited, or its hash recomputed without the audit key",
  malformed_event: "its data is not what the appender writes",
  truncated: "it is missing: the log ends before the newest signed checkpoint, so its newest events were deleted",
  checkpoint_mismatch: "its hash is not the one its signed checkpoint recorded (or it is gone): the log was rewritten before it",
  checkpoint_invalid: "its checkpoint file is not signed by the audit key: forged or damaged",
};

const n = (seq: string | bigint | number) => BigInt(seq).toLocaleString("en-US");
const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** The CLI's lines (English, for operators and cron mail). */
function inboxLines(inbox: InboxBacklog | undefined, now: Date): string[] {
  if (!inbox || inbox.waiting === 0 || !inbox.oldestAt) return [];
  const stale = now.getTime() - new Date(inbox.oldestAt).getTime() > STALE_INBOX_MS;
  return [
    `${n(inbox.waiting)} read event${inbox.waiting === 1 ? "" : "s"} waiting to be chained (the oldest from ${when(inbox.oldestAt)}).` +
      (stale ? " WARNING: waiting for more than 5 minutes: no app instance is sealing them. Start the app; it seals every second." : ""),
  ];
}

export function describeReport(report: AuditVerifyReport, now: Date = new Date()): string[] {
  return [...describeChain(report), ...inboxLines(report.inbox, now)];
}

function describeChain(report: AuditVerifyReport): string[] {
  const cp = report.checkpoints.latest;
  const checkpointLine = cp
    ? `Newest signed checkpoint: event #${n(cp.seq)} at ${cp.at}, head ${cp.headHash} (${n(report.checkpoints.total)} in all).`
    : "No signed checkpoint yet (the app writes one within the hour).";
  const from = report.from;
  const first = BigInt(from?.seq ?? 0) + 1n;
  const last = report.head ? BigInt(report.head.seq) : 0n;
  const range = report.count === 0 ? null : first === last ? `event ${n(first)}` : `events ${n(first)}–${n(last)}`;
  const checked = report.checkpoints.checked;
  const after = from ? `after signed checkpoint #${n(from.seq)} of ${when(from.at)}` : "";
  const scope = from
    ? `${range ?? "no new events"} ${after} (and ${n(checked)} checkpointed event${checked === 1 ? "" : "s"} against their signatures); ` +
      "use --full to check from the first event"
    : `${range ?? "no events"} from the first event`;
  if (report.ok) {
    return [`OK: checked ${scope}.`, `Head: ${report.head ? `${report.head.hash} (event #${n(report.head.seq)})` : "(empty log)"}.`, checkpointLine];
  }
  const p = report.problem!;
  const intact = p.intactUpTo
    ? from
      ? `Events up to #${n(p.intactUpTo)} are intact (up to #${n(from.seq)} as vouched for by the signed checkpoint).`
      : `Events #1 to #${n(p.intactUpTo)} are intact.`
    : from
      ? "Events before it were not walked: run with --full to find the first event that does not match."
      : "No event before it could be confirmed.";
  return [
    `BROKEN at event #${n(p.seq)}${p.action ? ` (${p.action})` : ""}: ${p.kind} — ${explanations[p.kind]}.`,
    intact,
    from ? `(Incremental run, ${after}; use --full to check from the first event.)` : "(Full run, from the first event.)",
    checkpointLine,
  ];
}
