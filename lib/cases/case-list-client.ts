import "client-only";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { getJson } from "@/lib/http/get-json";
import { fetchCaseSummaries, openedCases, type SignersFor } from "./opened-cases";
import { maxCasePage, type CasePage, type CaseRole, type RiskLevel } from "./schema";

// The case list in the browser: pages of refs from GET /api/cases, opened
// with the keys of each case (held in memory once opened:
// lib/cases/opened-cases.ts), and the search index over every name.

/** A case as the list shows it; name, aliases and risk are null/empty when the profile does not open. */
export type CaseRow = { id: string; reference: string; state: string; myRole: CaseRole; updatedAt: string; name: string | null; aliases: string[]; risk: RiskLevel | null };

export type CasePageRequest = { state?: string; role?: string; after?: string; limit?: number };

/** One page of the caller's cases (a read: never cached); null when refused or unreachable. */
export function fetchCasePage(request: CasePageRequest): Promise<CasePage | null> {
  const query: Record<string, string> = {};
  for (const name of ["state", "role", "after"] as const) {
    const value = request[name];
    if (value) query[name] = value;
  }
  if (request.limit) query.limit = String(request.limit);
  return getJson<CasePage>(`/api/cases?${new URLSearchParams(query)}`);
}

/** The page's cases with their people's names, opened here. */
export async function openCaseRows(me: UnlockedAccount, cases: CasePage["cases"], signersFor: SignersFor): Promise<CaseRow[]> {
  const opened = await openedCases(me, cases, fetchCaseSummaries, signersFor);
  return cases.map((c) => {
    const person = opened.get(c.id)?.person ?? null;
    return { id: c.id, reference: c.reference, state: c.state, myRole: c.myRole, updatedAt: c.updatedAt, name: person?.name ?? null, aliases: person?.aliases ?? [], risk: person?.risk ?? null };
  });
}

/** What a search looks in: reference, name and aliases, lower-cased once. */
export type IndexedCase = CaseRow & { haystack: string };

const indexed = (row: CaseRow): IndexedCase => ({ ...row, haystack: [row.reference, row.name ?? "", ...row.aliases].join("\n").toLocaleLowerCase() });

/**
 * Builds the search index over every case of the caller: all pages of refs
 * (200 at a time), each opened as it comes. `onProgress` gets the rows so far
 * and the total after each page. Memory only: the index is the caller's
 * state, gone at reload; the keys stay in lib/cases/opened-cases.ts, wiped at
 * lock. Stops (without an error) when `signal` aborts; false when a page
 * could not be loaded.
 */
export async function buildCaseIndex(me: UnlockedAccount, signersFor: SignersFor, onProgress: (rows: IndexedCase[], total: number) => void, signal: AbortSignal): Promise<boolean> {
  const rows: IndexedCase[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetchCasePage({ after, limit: maxCasePage });
    if (signal.aborted) return true;
    if (!page) return false;
    for (const row of await openCaseRows(me, page.cases, signersFor)) rows.push(indexed(row));
    if (signal.aborted) return true;
    onProgress([...rows], page.total);
    if (!page.next) return true;
    after = page.next;
  }
}

/** Cases whose reference, name or an alias contains `query` (case-insensitive), in index order. */
export function searchCases(index: readonly IndexedCase[], query: string): IndexedCase[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return [...index];
  return index.filter((row) => row.haystack.includes(q));
}
