"use client";

import { useCallback, useEffect, useState } from "react";
import { useVault } from "@/lib/account/vault";
import type { UnlockedAccount } from "@/lib/crypto/account";
import { fetchCaseSummaries, openedCases } from "@/lib/cases/opened-cases";
import { fetchDashboardPage, openDetails, type DashboardPageRequest } from "@/lib/deadlines/deadlines-client";
import type { DashboardPage, DeadlineDetails, DeadlineView } from "@/lib/deadlines/schema";
import { trustedSignersFor } from "../_trust/trust-sessions";

export type DashboardRow = {
  view: DeadlineView;
  details: DeadlineDetails | null;
  reference: string;
  caseState: string;
  personName: string | null;
};

/** The rows loaded so far of one query, the exact number it matches, and how to load the next page (null when all are in). */
export type DeadlinePages = {
  rows: DashboardRow[];
  total: number;
  failed: boolean;
  /** Assignees' display names, by user id. */
  people: Map<string, string>;
  loadingMore: boolean;
  more: (() => void) | null;
};

type Loaded = { rows: DashboardRow[]; total: number; next: string | null; people: Map<string, string> };

/** A page's rows, opened with the keys of their cases (held from earlier pages, or fetched and checked once). */
async function openPage(me: UnlockedAccount, page: DashboardPage): Promise<DashboardRow[]> {
  const cases = await openedCases(me, page.cases, fetchCaseSummaries, (people) => trustedSignersFor(me, people));
  const refs = new Map(page.cases.map((c) => [c.id, c]));
  const rows: DashboardRow[] = [];
  for (const view of page.deadlines) {
    const ref = refs.get(view.caseId);
    if (!ref) continue;
    const kase = cases.get(view.caseId) ?? null;
    const details = kase ? await openDetails(view.caseId, view.details, kase.keyring) : null;
    rows.push({ view, details: details?.ok ? details.value : null, reference: ref.reference, caseState: ref.state, personName: kase?.personName ?? null });
  }
  return rows;
}

async function load(me: UnlockedAccount, request: DashboardPageRequest): Promise<Loaded | null> {
  const page = await fetchDashboardPage(request);
  if (!page) return null;
  return { rows: await openPage(me, page), total: page.total, next: page.next, people: new Map(page.assignees.map((p) => [p.userId, p.displayName])) };
}

/**
 * One query of the dashboard (a group of the urgency list, or a calendar
 * month), a page at a time: the first page when the query changes, the next
 * on `more()`. Only the rows sent are decrypted.
 */
export function useDeadlinePages(request: DashboardPageRequest | null): DeadlinePages | null {
  const me = useVault();
  // Tagged with the query it answers, so a new query shows "loading" rather than old rows.
  const [state, setState] = useState<(Loaded & { key: string; failed: boolean; loadingMore: boolean }) | null>(null);
  const key = request ? JSON.stringify(request) : "";
  useEffect(() => {
    if (!me || !request) return;
    let active = true;
    void load(me, request).then((loaded) => {
      if (!active) return;
      setState(loaded ? { ...loaded, key, failed: false, loadingMore: false } : { key, rows: [], total: 0, next: null, people: new Map(), failed: true, loadingMore: false });
    });
    return () => {
      active = false;
    };
    // The request is compared by value (`key`), not by object identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me, key]);

  const next = state?.key === key ? state.next : null;
  const loadMore = useCallback(() => {
    if (!me || !request || !next) return;
    setState((s) => (s && s.key === key ? { ...s, loadingMore: true } : s));
    void load(me, { ...request, after: next }).then((loaded) => {
      // An answer for a query no longer shown changes nothing (the key check).
      setState((s) => {
        if (!s || s.key !== key) return s;
        if (!loaded) return { ...s, loadingMore: false, failed: true };
        return { ...s, rows: [...s.rows, ...loaded.rows], total: loaded.total, next: loaded.next, people: new Map([...s.people, ...loaded.people]), loadingMore: false };
      });
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me, key, next]);

  if (!state || state.key !== key) return null;
  return { rows: state.rows, total: state.total, failed: state.failed, people: state.people, loadingMore: state.loadingMore, more: state.next && !state.loadingMore ? loadMore : null };
}
