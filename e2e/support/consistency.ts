import { withSql } from "./db-sql";
import type { TestDatabase } from "./server";

// What "nothing half-done" means for the writes the crash-safety suite
// interrupts, as SQL over the whole database. Each query returns the rows
// that break a rule; a consistent database returns none for every rule.
// Read with the app stopped (PGlite allows one process).

const rules: Record<string, string> = {
  "testimony record without its signed version": `
    SELECT r.id FROM "CaseRecord" r
    WHERE r.type = 'testimony' AND NOT EXISTS (SELECT 1 FROM "TestimonyVersion" t WHERE t."testimonyId" = r.id AND t.version = r.version)`,
  "signed testimony version without its record": `
    SELECT t."testimonyId" FROM "TestimonyVersion" t
    WHERE NOT EXISTS (SELECT 1 FROM "CaseRecord" r WHERE r.id = t."testimonyId" AND r.version = t.version AND r.type = 'testimony')`,
  "testimony version without exactly one audit event": `
    SELECT t."testimonyId" FROM "TestimonyVersion" t
    WHERE (SELECT count(*) FROM "AuditEvent" a WHERE a.action = 'testimony.version_saved'
           AND a.data->>'testimonyId' = t."testimonyId"::text AND (a.data->>'version')::int = t.version) <> 1`,
  "testimony audit event without its version": `
    SELECT a.seq FROM "AuditEvent" a WHERE a.action = 'testimony.version_saved'
    AND NOT EXISTS (SELECT 1 FROM "TestimonyVersion" t WHERE t."testimonyId"::text = a.data->>'testimonyId' AND t.version = (a.data->>'version')::int)`,
  "case without a lead member": `
    SELECT c.id FROM "Case" c WHERE NOT EXISTS (SELECT 1 FROM "CaseMember" m WHERE m."caseId" = c.id AND m.role = 'lead')`,
  "case without its current key epoch, or with a later one": `
    SELECT c.id FROM "Case" c
    WHERE NOT EXISTS (SELECT 1 FROM "CaseKeyEpoch" e WHERE e."caseId" = c.id AND e.epoch = c."currentEpoch")
       OR EXISTS (SELECT 1 FROM "CaseKeyEpoch" e WHERE e."caseId" = c.id AND e.epoch > c."currentEpoch")`,
  "case whose signed membership chain does not start at statement 1, or whose last statement is not its current epoch and team": `
    SELECT c.id FROM "Case" c
    LEFT JOIN LATERAL (SELECT convert_from(l.statement, 'UTF8')::jsonb AS s FROM "CaseChainLink" l WHERE l."caseId" = c.id ORDER BY l.seq DESC LIMIT 1) head ON true
    WHERE NOT EXISTS (SELECT 1 FROM "CaseChainLink" l WHERE l."caseId" = c.id AND l.seq = 1)
       OR (SELECT count(*) FROM "CaseChainLink" l WHERE l."caseId" = c.id) <> (SELECT max(l.seq) FROM "CaseChainLink" l WHERE l."caseId" = c.id)
       OR (head.s->>'epoch')::int <> c."currentEpoch"
       OR (SELECT string_agg(m->>'userId', ',' ORDER BY m->>'userId') FROM jsonb_array_elements(head.s->'members') m)
          <> (SELECT string_agg(cm."userId"::text, ',' ORDER BY cm."userId"::text) FROM "CaseMember" cm WHERE cm."caseId" = c.id)`,
  "member without a grant of the current key": `
    SELECT m."caseId" FROM "CaseMember" m JOIN "Case" c ON c.id = m."caseId" JOIN "User" u ON u.id = m."userId"
    WHERE NOT m."needsKeyShare" AND u.status = 'active' AND NOT EXISTS (
      SELECT 1 FROM "CaseKeyGrant" g WHERE g."caseId" = m."caseId" AND g."recipientId" = m."userId" AND g.epoch = c."currentEpoch")`,
  "grant to someone who is not a member": `
    SELECT g."caseId" FROM "CaseKeyGrant" g
    WHERE NOT EXISTS (SELECT 1 FROM "CaseMember" m WHERE m."caseId" = g."caseId" AND m."userId" = g."recipientId")`,
  "case without its profile": `
    SELECT c.id FROM "Case" c WHERE NOT EXISTS (SELECT 1 FROM "CaseRecord" r WHERE r."caseId" = c.id AND r.type = 'person_profile')`,
  "case without exactly one case.created event": `
    SELECT c.id FROM "Case" c WHERE (SELECT count(*) FROM "AuditEvent" a WHERE a.action = 'case.created' AND a."caseId" = c.id) <> 1`,
  "case.created event without its case": `
    SELECT a.seq FROM "AuditEvent" a WHERE a.action = 'case.created' AND NOT EXISTS (SELECT 1 FROM "Case" c WHERE c.id = a."caseId")`,
  "key epochs and rotation events disagree (a half rotation)": `
    SELECT c.id FROM "Case" c
    WHERE (SELECT count(*) FROM "AuditEvent" a WHERE a.action = 'case.key_rotated' AND a."caseId" = c.id) <> c."currentEpoch" - 1
       OR (SELECT count(*) FROM "AuditEvent" a WHERE a.action = 'case.member_removed' AND a."caseId" = c.id) <> c."currentEpoch" - 1
       OR (SELECT count(*) FROM "CaseKeyEpoch" e WHERE e."caseId" = c.id) <> c."currentEpoch"`,
  "ready evidence without its hash, signature, final metadata or one upload event": `
    SELECT e.id FROM "Evidence" e WHERE e.state = 'ready' AND (
      e.sha256 IS NULL OR e.signature IS NULL OR e."finalisedAt" IS NULL
      OR NOT EXISTS (SELECT 1 FROM "CaseRecord" r WHERE r.id = e.id AND r.type = 'evidence_meta' AND r.version = 2)
      OR (SELECT count(*) FROM "AuditEvent" a WHERE a.action = 'evidence.uploaded' AND a.data->>'evidenceId' = e.id::text) <> 1)`,
  "unfinished evidence that looks finalised": `
    SELECT e.id FROM "Evidence" e WHERE e.state = 'uploading' AND (
      e.sha256 IS NOT NULL OR e."finalisedAt" IS NOT NULL
      OR EXISTS (SELECT 1 FROM "CaseRecord" r WHERE r.id = e.id AND r.version > 1)
      OR EXISTS (SELECT 1 FROM "AuditEvent" a WHERE a.action = 'evidence.uploaded' AND a.data->>'evidenceId' = e.id::text))`,
  "evidence.uploaded event without ready evidence": `
    SELECT a.seq FROM "AuditEvent" a WHERE a.action = 'evidence.uploaded'
    AND NOT EXISTS (SELECT 1 FROM "Evidence" e WHERE e.id::text = a.data->>'evidenceId' AND e.state = 'ready')`,
  "duplicate reminder": `
    SELECT n."userId" FROM "Notification" n GROUP BY n."userId", n."deadlineId", n.key HAVING count(*) > 1`,
};

type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Every broken rule with how many rows break it; [] when the database is consistent. */
async function brokenRules(query: Query): Promise<string[]> {
  const broken: string[] = [];
  for (const [rule, sql] of Object.entries(rules)) {
    const rows = await query(sql);
    if (rows.length > 0) broken.push(`${rule}: ${rows.length}`);
  }
  return broken;
}

const counts = {
  testimonyVersions: `SELECT count(*) AS n FROM "TestimonyVersion"`,
  versionSavedEvents: `SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'testimony.version_saved'`,
  drafts: `SELECT count(*) AS n FROM "CaseRecord" WHERE type = 'testimony_draft'`,
  cases: `SELECT count(*) AS n FROM "Case"`,
  keyEpochs: `SELECT count(*) AS n FROM "CaseKeyEpoch"`,
  evidenceReady: `SELECT count(*) AS n FROM "Evidence" WHERE state = 'ready'`,
  evidenceUploading: `SELECT count(*) AS n FROM "Evidence" WHERE state = 'uploading'`,
  uploadedEvents: `SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'evidence.uploaded'`,
  reminders: `SELECT count(*) AS n FROM "Notification"`,
};

const caseCounts = {
  lawyerIsMember: `SELECT count(*) AS n FROM "CaseMember" m JOIN "User" u ON u.id = m."userId" WHERE m."caseId" = $1 AND u.email = 'lawyer@demo.casevault.test'`,
  currentEpoch: `SELECT "currentEpoch" AS n FROM "Case" WHERE id = $1`,
  epoch2Grants: `SELECT count(*) AS n FROM "CaseKeyGrant" WHERE "caseId" = $1 AND epoch = 2`,
};

export type Snapshot = Record<keyof typeof counts, number> & Partial<Record<keyof typeof caseCounts, number>> & { broken: string[] };

/** The broken rules and the counts the crash tests compare, in one opening of the database (`caseId`: also that case's team and epoch). */
export async function snapshot(database: TestDatabase, caseId?: string): Promise<Snapshot> {
  return withSql(database, async (query) => {
    const out: Record<string, number> = {};
    for (const [name, sql] of Object.entries(counts)) out[name] = Number((await query(sql))[0]?.n);
    if (caseId) for (const [name, sql] of Object.entries(caseCounts)) out[name] = Number((await query(sql, [caseId]))[0]?.n);
    return { ...(out as Record<keyof typeof counts, number>), broken: await brokenRules(query) };
  });
}
