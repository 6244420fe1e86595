import "server-only";
import { notFound, redirect } from "next/navigation";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/actions";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";
import { authorize, type Action, type Actor, type CaseContext } from "./policy";
import { getActor } from "./session";

// The entry points' side of the policy door. Every server action is built
// with `guardedAction` and every route handler with `guardedRoute`: each
// reads the actor once, calls `authorize` before anything else, validates its
// input with the same zod schema the form uses, and turns failures into a
// typed result. A refusal of a signed-in user is written to the audit log.

export type FieldErrors = Record<string, string[]>;

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: AppErrorCode; fieldErrors?: FieldErrors; retryAfterSeconds?: number };

async function admit(action: Action, ctx?: CaseContext): Promise<Actor | null> {
  const actor = await getActor();
  try {
    authorize(actor, action, ctx);
  } catch (error) {
    if (actor) await recordAuditEvent({ actorId: actor.userId, action: "policy.refused", caseId: null, data: { policyAction: action } });
    throw error;
  }
  return actor;
}

function failure(error: unknown): { ok: false; error: AppErrorCode; retryAfterSeconds?: number } {
  if (error instanceof AppError) return { ok: false, error: error.code, ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
  // Unexpected: log the type only — messages may carry data.
  console.error(`[casevault] unexpected error in an action: ${error instanceof Error ? error.name : typeof error}`);
  return { ok: false, error: "unavailable" };
}

export function guardedAction<S extends z.ZodType, T>(
  action: Action,
  schema: S,
  run: (input: z.infer<S>, actor: Actor | null) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const actor = await admit(action);
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors: FieldErrors = {};
        for (const issue of parsed.error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
        return { ok: false, error: "invalid_input", fieldErrors };
      }
      return { ok: true, data: await run(parsed.data, actor) };
    } catch (error) {
      return failure(error);
    }
  };
}

type RouteContext<P> = { params: Promise<P> };

export function guardedRoute<P = Record<string, never>>(
  action: Action,
  run: (request: Request, actor: Actor | null, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    try {
      const actor = await admit(action);
      return await run(request, actor, await context.params);
    } catch (error) {
      const result = failure(error);
      const status = error instanceof AppError ? error.status : 503;
      return NextResponse.json({ error: result.error }, { status, headers: { "Cache-Control": "no-store" } });
    }
  };
}

/** For server-rendered pages: the actor, or Next's 404 (sign-in redirect for anonymous visitors). */
export async function guardPage(action: Action, ctx?: CaseContext): Promise<Actor> {
  try {
    const actor = await admit(action, ctx);
    if (!actor) redirect("/sign-in");
    return actor;
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === "unauthenticated") redirect("/sign-in");
      notFound();
    }
    throw error;
  }
}
