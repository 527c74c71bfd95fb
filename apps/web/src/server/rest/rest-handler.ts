import { type ApiContext, createCaller, RateLimitedError, refusal } from "@tps/api";
import { type FieldIssue, TaskError } from "@tps/core";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { type Admission, admitted, BUSY_MESSAGE, BUSY_RETRY_AFTER_SECONDS } from "../admission";
import { readJsonCapped } from "../capped-body";
import { callRoute, matchRoute } from "./rest-routes";

export const REST_BASE = "/api/v1";

export interface RestHandlerConfig {
  /**
   * The same context creation the tRPC route uses (the caller from the bearer key or the session);
   * it refuses (TRPCError) an anonymous or cross-site caller, before the body is read.
   */
  createContext(req: Request): Promise<ApiContext> | ApiContext;
  /** Bodies longer than this are refused (413) without being read past the cap. */
  maxBodyBytes: number;
  /** The same for a batch's body (a route whose contract says `batchBody`); maxBodyBytes if unset. */
  maxBatchBodyBytes?: number;
  /** Requests worked on at once; the rest are answered 503 at once (shared with the tRPC route). */
  admission?: Admission;
}

/**
 * Every REST error has this one shape; a refused input adds `issues`, the fields at fault (a zod
 * path such as `payload`, or an input's JSON pointer such as `input/a`) with their problems.
 */
export const restError = (status: number, code: string, message: string, issues?: readonly FieldIssue[]) =>
  Response.json({ error: { code, message, ...(issues?.length ? { issues } : {}) } }, { status });

/** A procedure's error as REST answers it; a 401 names the scheme to use. */
function errorResponse(error: TRPCError): Response {
  const response = restError(
    getHTTPStatusCodeFromError(error),
    error.code,
    messageOf(error),
    issuesOf(error),
  );
  if (error.code === "UNAUTHORIZED") response.headers.set("www-authenticate", 'Bearer realm="tps"');
  if (error.cause instanceof RateLimitedError) {
    response.headers.set("retry-after", String(error.cause.retryAfterSeconds));
  }
  return response;
}

/** The fields a validation error names: the procedure's zod issues, or the type schema's (TaskError). */
function issuesOf(error: TRPCError): FieldIssue[] | undefined {
  if (error.cause instanceof ZodError) {
    return error.cause.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  }
  return error.cause instanceof TaskError ? error.cause.issues?.slice() : undefined;
}

/** Validation errors read like the tRPC ones: `field: problem; …`. */
function messageOf(error: TRPCError): string {
  if (error.cause instanceof ZodError) {
    return error.cause.issues
      .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
      .join("; ");
  }
  return error.message;
}

/**
 * REST for callers that do not speak tRPC: each endpoint calls its tRPC procedure through a
 * server-side caller built from the request's context, so validation, authorization, errors and
 * metrics are the procedure's own. tRPC error codes become their HTTP statuses.
 */
export function createRestHandler(config: RestHandlerConfig) {
  const handle = restHandler(config);
  const busy = () =>
    Response.json(
      { error: { code: "SERVICE_UNAVAILABLE", message: BUSY_MESSAGE } },
      { status: 503, headers: { "retry-after": String(BUSY_RETRY_AFTER_SECONDS) } },
    );
  return (req: Request) =>
    config.admission ? admitted(config.admission, () => handle(req), busy) : handle(req);
}

function restHandler(config: RestHandlerConfig) {
  return async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    const matched = matchRoute(req.method, url.pathname.slice(REST_BASE.length));
    if (matched === null) return restError(404, "NOT_FOUND", `no endpoint ${req.method} ${url.pathname}`);
    if (matched === "wrong-method") {
      return restError(405, "METHOD_NOT_SUPPORTED", `${req.method} is not allowed on ${url.pathname}`);
    }
    const { route, id } = matched;
    try {
      // The caller first: an anonymous or cross-site request is answered before its body is read.
      let context: ApiContext;
      try {
        context = await config.createContext(req);
      } catch (error) {
        if (error instanceof TRPCError) return errorResponse(error);
        throw error;
      }
      if (!context.principal) return errorResponse(refusal(null, route.procedure)!);
      const caller = createCaller(context);
      const cap = (route.batchBody && config.maxBatchBodyBytes) || config.maxBodyBytes;
      const body =
        req.method === "POST" || req.method === "PATCH"
          ? await readJsonCapped(req, cap)
          : { ok: true as const, body: undefined };
      if (!body.ok) {
        return body.status === 413
          ? restError(413, "PAYLOAD_TOO_LARGE", `request body is over ${cap} bytes`)
          : restError(400, "BAD_REQUEST", "request body is not valid JSON");
      }
      const result = await callRoute(route, caller, {
        body: body.body,
        query: url.searchParams,
        id,
        headers: req.headers,
      });
      // A route may answer otherwise than its usual success (a create's replay: 200 and a header).
      const reply = route.reply?.(result) ?? { status: route.status, body: result };
      const headers = new Headers(reply.headers);
      if (route.status === 201 && route.location) headers.set("location", route.location(result));
      else if (route.status === 201 && typeof (result as { id?: unknown }).id === "number")
        headers.set("location", `${REST_BASE}/tasks/${(result as { id: number }).id}`);
      return Response.json(reply.body, { status: reply.status, headers });
    } catch (error) {
      if (error instanceof TRPCError) return errorResponse(error);
      throw error; // the request logger answers 500 and logs it
    }
  };
}
