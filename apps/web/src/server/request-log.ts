import { randomUUID } from "node:crypto";
import { context, propagation, SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { type RequestNote, requestScope } from "@tps/api";
import { type Logger, tracer } from "@tps/infra";

export type RouteHandler = (req: Request) => Promise<Response>;

/** A caller's own request id is kept when it looks like one; otherwise we make one. */
const CALLER_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    // Immutable headers (a response passed through from fetch): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/**
 * Wraps a route handler: an HTTP server span (continuing the caller's `traceparent`, if any), one
 * log line per request (method, path, procedures, status, duration, caller, request id) and the
 * request id in the `x-request-id` response header.
 */
export function withRequestLog(handler: RouteHandler, log: () => Logger): RouteHandler {
  return async (req) => {
    const given = req.headers.get("x-request-id");
    const requestId = given && CALLER_ID.test(given) ? given : randomUUID();
    const { pathname } = new URL(req.url);
    const note: RequestNote = { procedures: [] };
    const parent = propagation.extract(context.active(), Object.fromEntries(req.headers));
    const started = performance.now();
    return tracer.startActiveSpan(
      `${req.method} ${pathname.replace(/\/\d+(?=\/|$)/g, "/{id}")}`,
      {
        kind: SpanKind.SERVER,
        attributes: { "http.request.method": req.method, "url.path": pathname, "tps.request_id": requestId },
      },
      parent,
      async (span) => {
        let response: Response;
        try {
          response = await requestScope.run(note, () => handler(req));
        } catch (err) {
          log().error({ err, requestId }, "unhandled error in route");
          response = Response.json(
            { error: { code: "INTERNAL_SERVER_ERROR", message: "internal error" } },
            { status: 500 },
          );
        }
        span.setAttribute("http.response.status_code", response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        const durationMs = Math.round((performance.now() - started) * 10) / 10;
        log().info(
          {
            requestId,
            method: req.method,
            path: pathname,
            procedure: note.procedures.join(",") || undefined,
            status: response.status,
            durationMs,
            principal: note.principal,
          },
          "request",
        );
        return withHeader(response, "x-request-id", requestId);
      },
    );
  };
}
