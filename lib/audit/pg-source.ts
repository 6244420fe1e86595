import pg from "pg";
import { type AuditSource, type AuditVerifyMode, type AuditVerifyReport, type InboxBacklog, type RowSource, verifyLog } from "./chain";
import { checkpointDir, readCheckpoints } from "./checkpoints";
import { auditKeys } from "./key";
import { INBOX_BACKLOG_SQL, PAGE_AFTER_SQL, PAGE_AT_SQL, type PageResult, parsePage } from "./page-query";

// The audit rows through a plain pg connection (the CLI's read-only
// transaction on PostgreSQL, the audit bench, and tests that tamper as the
// table's owner).

export function pgRowSource(client: pg.Client): RowSource {
  return async (afterSeq, limit) => parsePage((await client.query<PageResult[number]>(PAGE_AFTER_SQL, [afterSeq.toString(), limit])).rows);
}

export function pgAuditSource(client: pg.Client): AuditSource {
  return {
    rowsAfter: pgRowSource(client),
    rowsAt: async (seqs) => parsePage((await client.query<PageResult[number]>(PAGE_AT_SQL, [JSON.stringify(seqs.map(String))])).rows),
  };
}

/**
 * `npm run audit:verify` on PostgreSQL: one REPEATABLE READ, READ ONLY
 * transaction, so every page and point read sees the same snapshot and
 * nothing can be written. Never creates an audit key.
 */
export async function verifyPostgresLog(url: string, dataDir: string, mode: AuditVerifyMode, { inbox = true }: { inbox?: boolean } = {}): Promise<AuditVerifyReport> {
  const keys = auditKeys({ create: false });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const report = await verifyLog(pgAuditSource(client), keys.chainKey, readCheckpoints(checkpointDir(dataDir), keys), mode);
    const backlog = inbox ? (await client.query<InboxBacklog>(INBOX_BACKLOG_SQL)).rows[0] : undefined;
    await client.query("COMMIT");
    return backlog ? { ...report, inbox: backlog } : report;
  } finally {
    await client.end();
  }
}
