/**
 * Deadlines for the calendar feed tests: due in a week and open unless told
 * otherwise, each with its details sealed under the case key and full of
 * one marker — so a test can look for the markers and the ciphertext in
 * what the feed serves.
 */
import { randomUUID } from "node:crypto";
import type { SealedRecordWire } from "@/lib/cases/schema";
import type { DeadlineDetails } from "@/lib/deadlines/schema";
import type { TestCase } from "./case-fixtures";
import { detailsWith, insertSealedTestDeadline, type TestDeadlineInput } from "./deadline-fixtures";

export type TestDeadline = { id: string; caseId: string; marker: string; details: DeadlineDetails; sealed: SealedRecordWire };

const DAY = 24 * 3600 * 1000;

export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY);

export async function newTestDeadline(kase: TestCase, input: Partial<Omit<TestDeadlineInput, "details">> = {}): Promise<TestDeadline> {
  const marker = `MARKER-${randomUUID()}`;
  const details = detailsWith(marker);
  const { id, sealed } = await insertSealedTestDeadline(kase, { dueAt: daysFromNow(7), scheduledAt: new Date(), ...input, details });
  if (!sealed) throw new Error("details were given, so they are sealed");
  return { id, caseId: kase.caseId, marker, details, sealed };
}
