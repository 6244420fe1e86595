import { isCanonicalId } from "@/lib/ids/parse-id";
import { type AuditKind, isAuditKind } from "./describe";

/**
 * The Audit page's filter, as it lives in the URL query
 * (`?actor=&kind=&case=&from=&to=&page=`) so a filtered view can be linked.
 * Parsing never throws: anything malformed is simply not a filter. Dates are
 * whole days in UTC (the page says so); `to` includes its whole day.
 */
export type AuditFilter = {
  actorId?: string;
  kind?: AuditKind;
  /** What the admin typed: part of a case reference, upper-cased. */
  caseReference?: string;
  /** YYYY-MM-DD, as typed. */
  from?: string;
  to?: string;
  page: number;
};

export const AUDIT_PAGE_SIZE = 50;

type Query = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? (value[0] ?? "") : (value ?? "")).trim();

function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function parseAuditFilter(query: Query): AuditFilter {
  const actor = first(query.actor).toLowerCase();
  const kind = first(query.kind);
  const reference = first(query.case).toUpperCase().slice(0, 40);
  const from = first(query.from);
  const to = first(query.to);
  const page = Number.parseInt(first(query.page), 10);
  return {
    ...(isCanonicalId(actor) ? { actorId: actor } : {}),
    ...(isAuditKind(kind) ? { kind } : {}),
    ...(/^[A-Z0-9-]+$/.test(reference) ? { caseReference: reference } : {}),
    ...(isDay(from) ? { from } : {}),
    ...(isDay(to) ? { to } : {}),
    page: Number.isSafeInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
  };
}

/** The time range a filter's days cover: [from 00:00 UTC, the day after `to` 00:00 UTC). */
export function auditTimeRange(filter: Pick<AuditFilter, "from" | "to">): { gte?: Date; lt?: Date } {
  const range: { gte?: Date; lt?: Date } = {};
  if (filter.from) range.gte = new Date(`${filter.from}T00:00:00.000Z`);
  if (filter.to) range.lt = new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 86_400_000);
  return range;
}

/** The URL query of a filter (and page), without empty fields, for links. */
export function auditFilterQuery(filter: AuditFilter, page: number = filter.page): string {
  const params = new URLSearchParams();
  if (filter.actorId) params.set("actor", filter.actorId);
  if (filter.kind) params.set("kind", filter.kind);
  if (filter.caseReference) params.set("case", filter.caseReference);
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}
