import { type ApiContext, createCaller } from "@tps/api";
import { type FieldIssue, TaskError } from "@tps/core";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { type Admission, admitted, BUSY_MESSAGE, BUSY_RETRY_AFTER_SECONDS } from "../admission";
import { matchRoute } from "./rest-routes";

export const REST_BASE = "/api/v1";

export interface RestHandlerConfig {
  /** The same context creation the tRPC route uses; it sees the request's headers (the bearer key). */
  createContext(req: Request): Promise<ApiContext> | ApiContext;
  /** Bodies longer than this are refused (413) without being read in full. */
  maxBodyBytes: number;
  /** Requests worked on at once; the rest are answered 503 at once (shared with the tRPC route). */
  admission?: Admission;
}

/**
 * Every REST error has this one shape; a refused input adds `issues`, the fields at fault (a zod
 * path such as `payload`, or an input's JSON pointer such as `input/a`) with their problems.
 */
export const restError = (status: number, code: string, message: string, issues?: readonly FieldIssue[]) =>
  Response.json({ error: { code, message, ...(issues?.length ? { issues } : {}) } }, { status });

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

type ReadBody = { ok: true; body: unknown } | { ok: false; status: 400 | 413 };

async function readJson(req: Request, maxBytes: number): Promise<ReadBody> {
  if (Number(req.headers.get("content-length") ?? 0) > maxBytes) return { ok: false, status: 413 };
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) return { ok: false, status: 413 };
  if (text.trim() === "") return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400 };
  }
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
      // The caller first: a refused or anonymous request is answered before its body is read.
      const caller = createCaller(await config.createContext(req));
      const body =
        req.method === "POST"
          ? await readJson(req, config.maxBodyBytes)
          : { ok: true as const, body: undefined };
      if (!body.ok) {
        return body.status === 413
          ? restError(413, "PAYLOAD_TOO_LARGE", `request body is over ${config.maxBodyBytes} bytes`)
          : restError(400, "BAD_REQUEST", "request body is not valid JSON");
      }
      const result = await route.call(caller, { body: body.body, query: url.searchParams, id });
      const headers: HeadersInit =
        route.status === 201 && typeof (result as { id?: unknown }).id === "number"
          ? { location: `${REST_BASE}/tasks/${(result as { id: number }).id}` }
          : {};
      return Response.json(result, { status: route.status, headers });
    } catch (error) {
      if (error instanceof TRPCError) {
        return restError(getHTTPStatusCodeFromError(error), error.code, messageOf(error), issuesOf(error));
      }
      throw error; // the request logger answers 500 and logs it
    }
  };
}
