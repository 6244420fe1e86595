"use server";

import { z } from "zod";
import { guardedAction, guardedCaseAction } from "@/lib/auth/guard";
import { createDeadline } from "@/lib/deadlines/actions/create";
import { setDeadlineStatus } from "@/lib/deadlines/actions/status";
import { updateDeadline } from "@/lib/deadlines/actions/update";
import { listCaseDeadlines, listDashboard } from "@/lib/deadlines/queries";
import { createDeadlineWireSchema, setDeadlineStatusWireSchema, updateDeadlineWireSchema } from "@/lib/deadlines/schema";
import { AppError } from "@/lib/errors/app-error";

// Deadline entry points: each passes the policy door (membership first for a
// case's deadlines), validates with the shared schema, calls one lib function.

export const caseDeadlinesAction = guardedCaseAction("case.read", z.object({ caseId: z.uuid() }), ({ caseId }, actor) => listCaseDeadlines(actor, caseId));

export const createDeadlineAction = guardedCaseAction("case.deadline_write", createDeadlineWireSchema, (input, actor) => createDeadline(actor, input));

export const updateDeadlineAction = guardedCaseAction("case.deadline_write", updateDeadlineWireSchema, (input, actor) => updateDeadline(actor, input));

export const setDeadlineStatusAction = guardedCaseAction("case.deadline_write", setDeadlineStatusWireSchema, (input, actor) => setDeadlineStatus(actor, input));

const rangeSchema = z.object({ from: z.iso.datetime(), to: z.iso.datetime(), overdue: z.boolean() });

export const dashboardAction = guardedAction("deadlines.dashboard", rangeSchema, async ({ from, to, overdue }, actor) => {
  if (!actor) throw new AppError("unauthenticated");
  return listDashboard(actor, { from: new Date(from), to: new Date(to), overdue });
});
