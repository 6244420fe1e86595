import "server-only";
import { getDb } from "@/lib/db/client";

// What `npm run blobs:migrate` (migrate.ts) reads of the database: the
// recorded evidence parts, page by page, and whether one is still recorded.
// Reads only: the migration never changes a row.

export type RecordedPart = { evidenceId: string; partNumber: number; size: number; sha256: Uint8Array };

/** Parts read per query: the migration never holds more rows than this. */
export const PART_PAGE = 500;

/** Only these uploads' parts (tests; the command reads them all). */
type Scope = { evidenceIds?: string[] };

const scoped = ({ evidenceIds }: Scope) => (evidenceIds ? { evidenceId: { in: evidenceIds } } : {});

/** How many parts are recorded and their bytes, for the progress lines. */
export async function recordedPartTotals(scope: Scope = {}): Promise<{ parts: number; bytes: number }> {
  const db = await getDb();
  const totals = await db.evidencePart.aggregate({ where: scoped(scope), _count: { _all: true }, _sum: { size: true } });
  return { parts: totals._count._all, bytes: totals._sum.size ?? 0 };
}

/** Every recorded part, ordered by upload then part number, read `pageSize` rows at a time (keyset paging: rows added or removed meanwhile shift nothing). */
export async function* recordedParts(scope: Scope = {}, pageSize = PART_PAGE): AsyncGenerator<RecordedPart> {
  const db = await getDb();
  let after: { evidenceId: string; partNumber: number } | undefined;
  for (;;) {
    const page = await db.evidencePart.findMany({
      where: {
        ...scoped(scope),
        ...(after ? { OR: [{ evidenceId: { gt: after.evidenceId } }, { evidenceId: after.evidenceId, partNumber: { gt: after.partNumber } }] } : {}),
      },
      orderBy: [{ evidenceId: "asc" }, { partNumber: "asc" }],
      take: pageSize,
      select: { evidenceId: true, partNumber: true, size: true, sha256: true },
    });
    for (const part of page) yield { ...part, sha256: new Uint8Array(part.sha256) };
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    after = { evidenceId: last.evidenceId, partNumber: last.partNumber };
  }
}

/** Whether the part is still recorded with this hash (an upload removed while the migration ran is no loss). */
export async function partStillRecorded(part: Pick<RecordedPart, "evidenceId" | "partNumber" | "sha256">): Promise<boolean> {
  const db = await getDb();
  const row = await db.evidencePart.findUnique({
    where: { evidenceId_partNumber: { evidenceId: part.evidenceId, partNumber: part.partNumber } },
    select: { sha256: true },
  });
  return row !== null && Buffer.from(row.sha256).equals(Buffer.from(part.sha256));
}
