import type pg from "pg";
import type { AuditRow, RowSource } from "./chain";

// The audit rows through a plain pg connection (the CLI's read-only
// transaction on PostgreSQL, and tests that tamper as the table's owner).

type PgRow = { seq: string; at: string; actorId: string | null; action: string; caseId: string | null; data: unknown; prevHash: Buffer; hash: Buffer };

export function pgRowSource(client: pg.Client): RowSource {
  return async (afterSeq: bigint, limit: number): Promise<AuditRow[]> => {
    // `at` is a UTC wall-clock timestamp without zone: read it as text, never as local time.
    // Qualified column: a bare `seq` in ORDER BY would be the text alias ("10" before "9").
    const { rows } = await client.query<PgRow>(
      `SELECT seq::text AS seq, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, "actorId", action, "caseId", data, "prevHash", hash
       FROM "AuditEvent" WHERE "AuditEvent".seq > $1 ORDER BY "AuditEvent".seq LIMIT $2`,
      [afterSeq.toString(), limit],
    );
    return rows.map((r) => ({ ...r, seq: BigInt(r.seq), at: new Date(r.at) }));
  };
}
