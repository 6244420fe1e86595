"use server";

import { guardedCaseAction } from "@/lib/auth/guard";
import { createDeadline } from "@/lib/deadlines/actions/create";
import { setDeadlineStatus } from "@/lib/deadlines/actions/status";
import { updateDeadline } from "@/lib/deadlines/actions/update";
import { createDeadlineWireSchema, setDeadlineStatusWireSchema, updateDeadlineWireSchema } from "@/lib/deadlines/schema";

// Deadline entry points: each passes the policy door (membership first for a
// case's deadlines), validates with the shared schema, calls one lib function.
// The dashboard across cases is a read: GET /api/dashboard.


export const createDeadlineAction = guardedCaseAction("case.deadline_write", createDeadlineWireSchema, (input, actor) => createDeadline(actor, input));

export const updateDeadlineAction = guardedCaseAction("case.deadline_write", updateDeadlineWireSchema, (input, actor) => updateDeadline(actor, input));

export const setDeadlineStatusAction = guardedCaseAction("case.deadline_write", setDeadlineStatusWireSchema, (input, actor) => setDeadlineStatus(actor, input));
