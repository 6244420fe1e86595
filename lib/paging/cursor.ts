import { z } from "zod";
import { CANONICAL_ID_SOURCE } from "@/lib/ids/parse-id";

// Keyset paging for lists ordered by a time and then an id: a cursor is the
// last row's "<ISO instant>_<uuid>", so the next page starts strictly after
// it, whatever was inserted meanwhile before it. No offsets: the database
// seeks by index rather than counting past the rows already sent.

export type TimeIdCursor = { at: Date; id: string };

const cursorPattern = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z_${CANONICAL_ID_SOURCE}$`);

/** The query-string cursor, checked; `reason` is the 400's reason for anything else. */
export const timeIdCursorSchema = (reason: string) =>
  z
    .string(reason)
    .regex(cursorPattern, reason)
    .transform((v): TimeIdCursor => ({ at: new Date(v.slice(0, 24)), id: v.slice(25) }))
    .refine((c) => !Number.isNaN(c.at.getTime()), reason);

export const timeIdCursor = (at: Date, id: string) => `${at.toISOString()}_${id}`;

/** A page size from the query string: 1 to `max`, `fallback` when absent. */
export const pageLimitSchema = (reason: string, max: number, fallback: number) => z.coerce.number(reason).int(reason).min(1, reason).max(max, reason).default(fallback);
