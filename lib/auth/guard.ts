import "server-only";
import { notFound, redirect } from "next/navigation";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { recordRefusal } from "@/lib/audit/actions/inbox";
import { AppError, type AppErrorCode } from "@/lib/errors/app-error";
import { findCaseRole } from "@/lib/cases/queries";
import { env } from "@/lib/env";
import { isCanonicalId } from "@/lib/ids/parse-id";
import { isCrossSiteWrite } from "@/lib/security/same-origin";
import type { CaseRole } from "./roles";
import { authorize, type Action, type Actor, type CaseContext } from "./policy";
import { getActor } from "./session";

// The entry points' side of the policy door. Every server action is built
// with `guardedAction` and every route handler with `guardedRoute` (one case:
// `guardedCaseAction`, `guardedCaseRoute`): each
// reads the actor once, calls `authorize` before anything else, validates its
// input with the same zod schema the form uses, and turns failures into a
// typed result. A refusal of a signed-in user is written to the audit log.
// Invariants:
// - The session is checked before the input is looked at: an anonymous caller
//   costs one cookie check, never a parse of a 10 MB body.
// - A case id is admitted only in canonical form (lib/ids/parse-id.ts): NUL,
//   upper case or a non-UUID is "not found" before any query sees it, so what
//   passes the door is exactly what the audit log and the database store.
// - A route handler refuses a state-changing request another site's page
//   sent (403, lib/security/same-origin.ts) before it reads the session.

export type FieldErrors = Record<string, string[]>;

/** A failed action: `reason` is an i18n key naming why (never data), when the code alone is too vague. */
export type ActionFailure = { ok: false; error: AppErrorCode; reason?: string; fieldErrors?: FieldErrors; retryAfterSeconds?: number };
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/** `actor` (null: anonymous) checked against the policy; a signed-in user's refusal is audited. */
async function authorizeActor(actor: Actor | null, action: Action, ctx?: CaseContext, caseId: string | null = null): Promise<Actor | null> {
  try {
    authorize(actor, action, ctx);
  } catch (error) {
    // A refused id is not stored as the event's case: it may not exist.
    if (actor) await recordRefusal(actor.userId, { policyAction: action, ...(caseId ? { requestedCaseId: caseId } : {}) });
    throw error;
  }
  return actor;
}

async function admit(action: Action, ctx?: CaseContext): Promise<Actor | null> {
  return authorizeActor(await getActor(), action, ctx);
}

/**
 * For case-scoped entry points: the actor's role on the case decides (no role: not_found).
 * The actor is read once: React's cache() dedupes only inside a React render, not in a route
 * handler, and each read is a session query (an upload sends one request per 4 MiB part).
 */
async function admitToCase(action: Action, caseId: unknown): Promise<{ actor: Actor; caseRole: CaseRole }> {
  const actor = await getActor();
  if (!actor) throw new AppError("unauthenticated");
  // A malformed id names nothing: refused before a query or the audit log sees it.
  if (!isCanonicalId(caseId)) throw new AppError("not_found");
  const caseRole = await findCaseRole(actor, caseId);
  const admitted = await authorizeActor(actor, action, { caseRole }, caseId);
  if (!admitted || !caseRole) throw new AppError("not_found");
  return { actor: admitted, caseRole };
}

/** The `caseId` of an action's raw input, unparsed (the door checks it before the schema runs). */
function rawCaseId(input: unknown): unknown {
  return typeof input === "object" && input !== null && "caseId" in input ? input.caseId : undefined;
}

function failure(error: unknown): ActionFailure {
  if (error instanceof AppError) {
    return {
      ok: false,
      error: error.code,
      ...(error.message !== error.code ? { reason: error.message } : {}),
      ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    };
  }
  // Unexpected: log the type only — messages may carry data.
  console.error(`[casevault] unexpected error in an action: ${error instanceof Error ? error.name : typeof error}`);
  return { ok: false, error: "unavailable" };
}

/** The schema's messages per field: i18n keys the form shows at the field. */
function invalid(error: z.ZodError): { ok: false; error: "invalid_input"; fieldErrors: FieldErrors } {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) (fieldErrors[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return { ok: false, error: "invalid_input", fieldErrors };
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
      if (!parsed.success) return invalid(parsed.error);
      return { ok: true, data: await run(parsed.data, actor) };
    } catch (error) {
      return failure(error);
    }
  };
}

/**
 * A server action on one case: the session, then the input's `caseId`
 * (canonical form, membership, policy), and only then the schema.
 */
export function guardedCaseAction<S extends z.ZodType<{ caseId: string }>, T>(
  action: Action,
  schema: S,
  run: (input: z.infer<S>, actor: Actor, caseRole: CaseRole) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    try {
      const { actor, caseRole } = await admitToCase(action, rawCaseId(input));
      const parsed = schema.safeParse(input);
      if (!parsed.success) return invalid(parsed.error);
      return { ok: true, data: await run(parsed.data, actor, caseRole) };
    } catch (error) {
      return failure(error);
    }
  };
}

type RouteContext<P> = { params: Promise<P> };

/** 403 for a state-changing request another site sent (see lib/security/same-origin.ts). */
function refuseCrossSite(request: Request): Response | null {
  if (!isCrossSiteWrite(request, env().NEXTAUTH_URL)) return null;
  return NextResponse.json({ error: "cross_site" }, { status: 403, headers: { "Cache-Control": "no-store" } });
}

/** Every `…Id` path parameter must be a canonical UUID, or the route answers not found. */
function checkIdParams(params: object): void {
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith("Id") && !isCanonicalId(value)) throw new AppError("not_found");
  }
}

/** The JSON answer of a failed route: `{ error, reason? }` with the AppError's status (unexpected errors: 503). */
function routeFailure(error: unknown): Response {
  const { error: code, reason, retryAfterSeconds } = failure(error);
  const status = error instanceof AppError ? error.status : 503;
  const headers: Record<string, string> = { "Cache-Control": "no-store", ...(retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : {}) };
  return NextResponse.json({ error: code, ...(reason ? { reason } : {}) }, { status, headers });
}

/**
 * A route handler not bound to one case: the session and the policy table
 * first; a cross-site write is refused with 403 before either. An AppError
 * thrown by `run` answers as `{ error, reason? }` with its status.
 */
export function guardedRoute<P = Record<string, never>>(
  action: Action,
  run: (request: Request, actor: Actor | null, params: P) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    const refused = refuseCrossSite(request);
    if (refused) return refused;
    try {
      const actor = await admit(action);
      const params = await context.params;
      checkIdParams(params ?? {});
      return await run(request, actor, params);
    } catch (error) {
      return routeFailure(error);
    }
  };
}

/**
 * A route handler on one case (`[caseId]` in its path): membership and the
 * policy table first, as for `guardedCaseAction` — a non-member, a refused
 * role or a malformed id (any `…Id` parameter) get the same 404 before the
 * request is looked at. A cross-site write is refused with 403 first.
 * An AppError thrown by `run` answers as `{ error, reason? }` with its status.
 */
export function guardedCaseRoute<P extends { caseId: string } = { caseId: string }>(
  action: Action,
  run: (request: Request, actor: Actor, params: P, caseRole: CaseRole) => Promise<Response>,
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (request, context) => {
    const refused = refuseCrossSite(request);
    if (refused) return refused;
    try {
      const params = await context.params;
      const { actor, caseRole } = await admitToCase(action, params.caseId);
      checkIdParams(params);
      return await run(request, actor, params, caseRole);
    } catch (error) {
      return routeFailure(error);
    }
  };
}

/**
 * For a page of one case: the actor and their case role, or Next's 404.
 * `otherIds`: the page's other id segments (e.g. a testimony), held to the same canonical form.
 */
export async function guardCasePage(action: Action, caseId: unknown, ...otherIds: unknown[]): Promise<{ actor: Actor; caseRole: CaseRole }> {
  try {
    const admitted = await admitToCase(action, caseId);
    if (!otherIds.every(isCanonicalId)) throw new AppError("not_found");
    return admitted;
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === "unauthenticated") redirect("/sign-in");
      notFound();
    }
    throw error;
  }
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
