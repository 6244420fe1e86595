/**
 * A deadline row for a case made with case-fixtures, inserted directly (the
 * deadline actions are not what these tests are about). Its
 * "deadline_details" record is either random bytes or, given `details`,
 * really sealed under the case key (to look for its plaintext later).
 * Fresh ids every call: under PostgreSQL all test files share one database.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { DeadlineDetails, DeadlineKind, DeadlineStatus } from "@/lib/deadlines/schema";
import type { SealedRecordWire } from "@/lib/cases/schema";
import { getDb } from "@/lib/db/client";
import { fromBase64url } from "@/lib/encoding/base64url";
import { seal, type TestCase, type TestUser } from "./case-fixtures";

export type TestDeadlineInput = {
  dueAt: Date;
  dateOnly?: boolean;
  /** Not open: closed by `by` (default the lead) just now. */
  status?: DeadlineStatus;
  by?: TestUser;
  /** When dueAt was set; reminders owed before it are not sent. Default: 30 days before dueAt. */
  scheduledAt?: Date;
  kind?: DeadlineKind;
  assignee?: TestUser | null;
  details?: DeadlineDetails;
};

/** Details with `marker` in every typed field. */
export function detailsWith(marker: string): DeadlineDetails {
  return {
    title: `Title ${marker}`,
    court: `Court ${marker}`,
    venue: `Venue ${marker}`,
    courtCaseNumber: `No ${marker}`,
    timeZone: "Europe/Berlin",
    date: "2026-12-10",
    time: "10:00",
    notes: `Notes ${marker}`,
    outcome: "",
  };
}

export async function insertTestDeadline(kase: TestCase, input: TestDeadlineInput): Promise<string> {
  return (await insertSealedTestDeadline(kase, input)).id;
}

/** As insertTestDeadline, also returning the sealed details record (null when random bytes stand in for it). */
export async function insertSealedTestDeadline(kase: TestCase, input: TestDeadlineInput): Promise<{ id: string; sealed: SealedRecordWire | null }> {
  const db = await getDb();
  const id = randomUUID();
  const by = input.by ?? kase.lead;
  const status = input.status ?? "open";
  const sealed = input.details ? await seal(kase, { type: "deadline_details", id, version: 1, value: input.details }) : null;
  const contentSealed = sealed ? fromBase64url(sealed.contentSealed) : new Uint8Array(randomBytes(96));
  await db.$transaction([
    db.caseRecord.create({
      data: { id, version: 1, caseId: kase.caseId, type: "deadline_details", epoch: kase.currentEpoch, authorId: by.actor.userId, contentSealed, size: contentSealed.length },
    }),
    db.deadline.create({
      data: {
        id,
        caseId: kase.caseId,
        kind: input.kind ?? "hearing",
        dueAt: input.dueAt,
        dateOnly: input.dateOnly ?? false,
        status,
        statusById: status === "open" ? null : by.actor.userId,
        statusAt: status === "open" ? null : new Date(),
        scheduledAt: input.scheduledAt ?? new Date(input.dueAt.getTime() - 30 * 86_400_000),
        assigneeId: input.assignee === undefined ? null : (input.assignee?.actor.userId ?? null),
        detailsVersion: 1,
        createdById: by.actor.userId,
      },
    }),
  ]);
  return { id, sealed };
}

/** Closes a deadline the way a status change would (without its audit event). */
export async function setTestDeadlineStatus(deadlineId: string, status: "done" | "missed" | "cancelled", by: TestUser): Promise<void> {
  const db = await getDb();
  await db.deadline.update({ where: { id: deadlineId }, data: { status, statusById: by.actor.userId, statusAt: new Date() } });
}
