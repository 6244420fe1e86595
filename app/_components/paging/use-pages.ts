"use client";

import { useCallback, useEffect, useState } from "react";

/** One page as a loader returns it: its rows, the exact number of all rows, where the next page starts (null: none). */
export type LoadedPage<T> = { rows: T[]; total: number; next: string | null };

/** The rows loaded so far, the exact total, and how to load the next page (null when all are in, or while loading). */
export type Pages<T> = { rows: T[]; total: number; failed: boolean; loadingMore: boolean; more: (() => void) | null };

type State<T> = LoadedPage<T> & { load: unknown; failed: boolean; loadingMore: boolean };

/**
 * A list read a page at a time: the first page whenever `load` changes (the
 * caller makes a new one, with useCallback, when its query changes), the next
 * on `more()`. Null while the first page of the current query is loading: a
 * new query never shows the old one's rows. An answer for a query no longer
 * shown changes nothing.
 */
export function usePages<T>(load: ((after: string | undefined) => Promise<LoadedPage<T> | null>) | null): Pages<T> | null {
  const [state, setState] = useState<State<T> | null>(null);

  useEffect(() => {
    if (!load) return;
    let active = true;
    void load(undefined).then((page) => {
      if (active) setState(page ? { ...page, load, failed: false, loadingMore: false } : { rows: [], total: 0, next: null, load, failed: true, loadingMore: false });
    });
    return () => {
      active = false;
    };
  }, [load]);

  const current = state?.load === load ? state : null;
  const next = current?.next ?? null;
  const more = useCallback(() => {
    if (!load || !next) return;
    setState((s) => (s && s.load === load ? { ...s, loadingMore: true } : s));
    void load(next).then((page) =>
      setState((s) => {
        if (!s || s.load !== load) return s;
        if (!page) return { ...s, loadingMore: false, failed: true };
        return { ...s, rows: [...s.rows, ...page.rows], total: page.total, next: page.next, loadingMore: false };
      }),
    );
  }, [load, next]);

  if (!current) return null;
  return { rows: current.rows, total: current.total, failed: current.failed, loadingMore: current.loadingMore, more: current.next && !current.loadingMore ? more : null };
}
