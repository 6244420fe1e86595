import type { AuditRow } from "./chain";

// The SQL both row sources run (Prisma's raw query on the embedded database
// or a transaction, pg on PostgreSQL): a page of the audit log comes back as
// ONE text value, a line per event and a tab between fields. Row by row, the
// driver and the adapter cost several times the HMAC itself (a 1M-event walk
// took about a minute on the embedded database instead of seconds), and
// json_agg costs twice this on PGlite.
// No field can hold a tab or a line break, so a line is always one event and
// eight fields, whatever a tamperer writes into the table: numbers, hex, UUIDs
// and to_char's fixed format as they are; `action` and `data` as JSON text
// (which escapes control characters); a NULL id as "" (a UUID is never empty).
// `at` is a UTC wall-clock timestamp without zone: read as text, never as local time.
// Both queries read the primary key: a range scan, or point reads.

const LINE = `concat_ws(chr(9), e.seq::text, to_char(e.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), coalesce(e."actorId"::text, ''), to_json(e.action)::text,
  coalesce(e."caseId"::text, ''), e.data::text, encode(e."prevHash", 'hex'), encode(e.hash, 'hex'))`;

/** $1: after this seq (decimal text), $2: at most this many rows. */
export const PAGE_AFTER_SQL = `SELECT string_agg(${LINE}, chr(10) ORDER BY e.seq) AS page
  FROM (SELECT * FROM "AuditEvent" WHERE "AuditEvent".seq > $1::bigint ORDER BY "AuditEvent".seq LIMIT $2::int) e`;

/** $1: a JSON array of seqs (decimal text). */
export const PAGE_AT_SQL = `SELECT string_agg(${LINE}, chr(10) ORDER BY e.seq) AS page
  FROM "AuditEvent" e WHERE e.seq IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)`;

export type PageResult = { page: string | null }[];

/** The rows of a page query's answer (string_agg of no rows is NULL). */
export function parsePage(result: PageResult): AuditRow[] {
  const page = result[0]?.page;
  if (!page) return [];
  return page.split("\n").map((line) => {
    const f = line.split("\t");
    if (f.length !== 8) throw new Error("audit page: a line is not one event (the page query and parsePage disagree)");
    return {
      seq: BigInt(f[0]!),
      at: new Date(f[1]!),
      actorId: f[2] || null,
      action: JSON.parse(f[3]!) as string,
      caseId: f[4] || null,
      data: JSON.parse(f[5]!) as unknown,
      prevHash: Buffer.from(f[6]!, "hex"),
      hash: Buffer.from(f[7]!, "hex"),
    };
  });
}

/** How many read events wait in the inbox, and since when (ISO UTC text, like `at` above). */
export const INBOX_BACKLOG_SQL = `SELECT count(*)::int AS waiting, to_char(min(at), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "oldestAt" FROM "AuditInbox"`;
