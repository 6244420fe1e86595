import { z } from "zod";
import { sealedRecordWireSchema, type CaseRefWire, type SealedRecordWire } from "@/lib/cases/schema";
import { pageLimitSchema, timeIdCursorSchema } from "@/lib/paging/cursor";
import { workflowStates } from "@/lib/workflow/states";
import { isTimeZone } from "./zoned-time";

// Deadlines: what the browser fills and reads, and what goes over the wire.
// Plaintext to the server (DESIGN.md §3): due instant, kind, status, assignee.
// Everything a person typed — title, court, venue, court case number, the
// zone label and wall time, notes, outcome — is the "deadline_details"
// record, sealed under the case key with the deadline's id.

export const deadlineKinds = ["hearing", "appeal", "filing", "asylum", "detention_review", "interim_measures", "other"] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

export const deadlineStatuses = ["open", "done", "missed", "cancelled"] as const;
export type DeadlineStatus = (typeof deadlineStatuses)[number];

const text = (max: number) => z.string().trim().max(max, "text.tooLong");
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "deadline.dateFormat");
const localTime = z.string().regex(/^$|^([01]\d|2[0-3]):[0-5]\d$/, "deadline.timeFormat");
const timeZone = z.string().trim().min(1, "deadline.zoneRequired").refine(isTimeZone, "deadline.zoneUnknown");

/** Sealed as the "deadline_details" record. `time` empty: due by the end of `date` in `timeZone`. */
export const deadlineDetailsSchema = z.object({
  title: z.string().trim().min(1, "deadline.titleRequired").max(300, "text.tooLong"),
  court: text(500),
  venue: text(1000),
  courtCaseNumber: text(200),
  timeZone,
  date: localDate,
  time: localTime,
  notes: text(20000),
  outcome: text(4000),
});
export type DeadlineDetails = z.infer<typeof deadlineDetailsSchema>;

/**
 * Sealed as the "deadline_label" record: what the dashboard shows of a
 * deadline, so a list sends this instead of the details. It names its
 * deadline: a server that swaps two deadlines' labels shows neither title.
 */
export const deadlineLabelSchema = z.strictObject({
  deadlineId: z.uuid(),
  title: deadlineDetailsSchema.shape.title,
  timeZone,
});
export type DeadlineLabel = z.infer<typeof deadlineLabelSchema>;

/** The label that goes with these details. */
export const deadlineLabelOf = (deadlineId: string, details: Pick<DeadlineDetails, "title" | "timeZone">): DeadlineLabel => ({ deadlineId, title: details.title, timeZone: details.timeZone });

/** The add/edit form: the details plus the plaintext fields the server sorts and reminds by. */
export const deadlineFormSchema = deadlineDetailsSchema.omit({ outcome: true }).extend({
  kind: z.enum(deadlineKinds),
  assigneeId: z.string(), // "" = nobody
});
export type DeadlineForm = z.infer<typeof deadlineFormSchema>;

/** Completing (or marking missed/cancelled) with an outcome, optionally opening the follow-up in the same step. */
export const deadlineOutcomeFormSchema = z
  .object({
    status: z.enum(["done", "missed", "cancelled"]),
    outcome: text(4000),
    followUp: z.boolean(),
    followUpKind: z.enum(deadlineKinds),
    followUpTitle: text(300),
    /** Days from the decision date (the outcome's date) to the follow-up's due day. */
    followUpDays: z.string().regex(/^$|^\d{1,3}$/, "deadline.daysFormat"),
    decisionDate: z.string().regex(/^$|^\d{4}-\d{2}-\d{2}$/, "deadline.dateFormat"),
  })
  .superRefine((v, ctx) => {
    if (!v.followUp) return;
    if (!v.followUpTitle) ctx.addIssue({ code: "custom", path: ["followUpTitle"], message: "deadline.titleRequired" });
    if (!v.followUpDays || Number(v.followUpDays) < 1) ctx.addIssue({ code: "custom", path: ["followUpDays"], message: "deadline.daysFormat" });
    if (!v.decisionDate) ctx.addIssue({ code: "custom", path: ["decisionDate"], message: "deadline.dateFormat" });
  });
export type DeadlineOutcomeForm = z.infer<typeof deadlineOutcomeFormSchema>;

// ---- wire ----

const detailsRecord = sealedRecordWireSchema.refine((r) => r.type === "deadline_details", "details.type");
const labelRecord = sealedRecordWireSchema.refine((r) => r.type === "deadline_label", "label.type");

/** The plaintext part of a deadline, as the browser sends it. */
export const deadlinePlainWireSchema = z.object({
  kind: z.enum(deadlineKinds),
  dueAt: z.iso.datetime(),
  dateOnly: z.boolean(),
  assigneeId: z.uuid().nullable(),
});

const newDeadline = deadlinePlainWireSchema.extend({ id: z.uuid(), details: detailsRecord, label: labelRecord });

export const createDeadlineWireSchema = z.object({ caseId: z.uuid(), deadline: newDeadline });
export type CreateDeadlineWire = z.infer<typeof createDeadlineWireSchema>;

/** An edit: new plaintext fields and the next version of the details and of the label. */
export const updateDeadlineWireSchema = z.object({ caseId: z.uuid(), deadlineId: z.uuid(), deadline: deadlinePlainWireSchema, details: detailsRecord, label: labelRecord });

/** A status change; `details` (next version, with the outcome) and `followUp` are optional. */
export const setDeadlineStatusWireSchema = z.object({
  caseId: z.uuid(),
  deadlineId: z.uuid(),
  status: z.enum(deadlineStatuses),
  details: detailsRecord.nullable(),
  followUp: newDeadline.nullable(),
});

/** Rows per dashboard page unless the query asks for fewer or more (at most `maxDashboardPage`). */
export const dashboardPageSize = 50;
export const maxDashboardPage = 200;


/**
 * GET /api/dashboard's query string: one page of the deadlines due in
 * [from, to) — `open=1` open ones only, and then `from` may be left out
 * (everything open due before `to`: the overdue group). Filters by what
 * the server holds in plaintext: kind, assignee, case state. The window's
 * length is checked by `listDashboardPage` (lib/deadlines/queries.ts).
 */
export const dashboardQuerySchema = z.object({
  from: z.iso.datetime("dashboard.range").optional(),
  to: z.iso.datetime("dashboard.range"),
  open: z.enum(["0", "1"], "dashboard.open").transform((v) => v === "1"),
  kind: z.enum(deadlineKinds, "dashboard.kind").optional(),
  assignee: z.uuid("dashboard.assignee").optional(),
  caseState: z.enum(workflowStates, "dashboard.caseState").optional(),
  /** Where the next page starts: the last row's due instant and id (lib/paging/cursor.ts). */
  after: timeIdCursorSchema("dashboard.cursor").optional(),
  limit: pageLimitSchema("dashboard.limit", maxDashboardPage, dashboardPageSize),
});
export type DashboardQuery = z.input<typeof dashboardQuerySchema>;
export type DashboardFilters = Pick<z.output<typeof dashboardQuerySchema>, "kind" | "assignee" | "caseState">;

// ---- what the browser receives ----

export type DeadlineView = {
  id: string;
  caseId: string;
  kind: DeadlineKind;
  dueAt: string;
  dateOnly: boolean;
  assigneeId: string | null;
  status: DeadlineStatus;
  statusById: string | null;
  statusAt: string | null;
  followUpOfId: string | null;
  createdById: string;
  createdAt: string;
  /** The latest version of the sealed details. */
  details: SealedRecordWire & { authorId: string; createdAt: string };
  /** The latest version of the sealed label; null for a deadline written before labels. */
  label: SealedRecordWire | null;
};

/** A dashboard row: what the page shows, with the label — or, for a deadline written before labels, its details. */
export type DashboardRowWire = Pick<DeadlineView, "id" | "caseId" | "kind" | "dueAt" | "dateOnly" | "assigneeId" | "status"> &
  ({ label: SealedRecordWire; details?: undefined } | { label?: undefined; details: SealedRecordWire });

/** GET /api/dashboard's answer: one page of rows, the exact number of rows the query matches, where the next page starts. */
export type DashboardPage = {
  total: number;
  deadlines: DashboardRowWire[];
  next: string | null;
  cases: CaseRefWire[];
  /** Display names of the rows' assignees. */
  assignees: { userId: string; displayName: string }[];
};
