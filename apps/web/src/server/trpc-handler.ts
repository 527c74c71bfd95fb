import {
  type ApiContext,
  appRouter,
  type Principal,
  procedureKind,
  RateLimitedError,
  refusal,
} from "@tps/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { type Admission, admitted, BUSY_MESSAGE, BUSY_RETRY_AFTER_SECONDS } from "./admission";
import { cappedRequest } from "./capped-body";
import { revocableStream } from "./revocable-stream";

/** How a 401 names the schemes it accepts. */
export const UNAUTHENTICATED = { "www-authenticate": 'Bearer realm="tps"' };

export interface TrpcHandlerConfig {
  /** Everything but the caller, shared by all requests. */
  context: Omit<ApiContext, "principal">;
  resolvePrincipal(headers: Headers): Promise<Principal | null>;
  maxBodyBytes: number;
  /** Procedures per batched request (the clients send at most 20). */
  maxBatchSize: number;
  /** Origins besides the request's own that may send cookie-authenticated mutations. */
  trustedOrigins: readonly string[];
  /** Requests worked on at once (subscriptions aside); the rest are answered 503 at once. */
  admission?: Admission;
  /** How often an open subscription checks that its caller may still have it (default 30 s). */
  recheckStreamsMs?: number;
  endpoint?: string;
}

const JSON_RPC_CODE = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  PAYLOAD_TOO_LARGE: -32022,
  SERVICE_UNAVAILABLE: -32603,
};

/**
 * Subscriptions answer 200 and report errors inside the event stream; refusing the caller
 * before the stream starts gives them a real 401/403 instead.
 */
function refuseSubscription(url: string, endpoint: string, principal: Principal | null): Response | null {
  if (!isSubscription(url, endpoint)) return null;
  const path = new URL(url).pathname.slice(endpoint.length + 1);
  const refused = refusal(principal, path);
  if (!refused) return null;
  const code = refused.code === "UNAUTHORIZED" ? "UNAUTHORIZED" : "FORBIDDEN";
  return refuse(code === "UNAUTHORIZED" ? 401 : 403, code, refused.message);
}

const isSubscription = (url: string, endpoint: string) =>
  procedureKind(new URL(url).pathname.slice(endpoint.length + 1)) === "subscription";

/** An error in tRPC's wire shape, for refusals made before tRPC sees the request. */
function refuse(
  status: number,
  code: keyof typeof JSON_RPC_CODE,
  message: string,
  headers?: HeadersInit,
): Response {
  return Response.json(
    { error: { message, code: JSON_RPC_CODE[code], data: { code, httpStatus: status } } },
    { status, headers },
  );
}

const busy = () =>
  refuse(503, "SERVICE_UNAVAILABLE", BUSY_MESSAGE, { "retry-after": String(BUSY_RETRY_AFTER_SECONDS) });

/**
 * A POST without an API key must come from our own pages (the session cookie rides along on
 * cross-site requests too): its Origin names the host the request was sent to (a browser sets both,
 * a page cannot forge either) or a trusted origin; without Origin, Sec-Fetch-Site says same-origin.
 */
export function isCrossSite(req: Request, trustedOrigins: readonly string[]): boolean {
  // Writes: POST (tRPC, REST), PATCH and DELETE (REST); reads never change anything.
  if (
    req.method === "GET" ||
    req.method === "HEAD" ||
    /^Bearer\s/i.test(req.headers.get("authorization") ?? "")
  )
    return false;
  const origin = req.headers.get("origin");
  if (!origin) return req.headers.get("sec-fetch-site") !== "same-origin";
  if (trustedOrigins.includes(origin)) return false;
  const host = req.headers.get("host") ?? new URL(req.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" or garbage
  }
}

/**
 * The tRPC endpoint, in the order that spends least on a caller who may not call: who is calling
 * (headers only; anonymous → 401 before anything is read), the cross-site check for cookie-signed
 * requests, admission (a place among the requests in flight), the body under its cap, then tRPC.
 */
export function createTrpcHandler(config: TrpcHandlerConfig) {
  const endpoint = config.endpoint ?? "/api/trpc";
  const handle = async (incoming: Request, principal: Principal): Promise<Response> => {
    const req = await cappedRequest(incoming, config.maxBodyBytes);
    if (!req) {
      return refuse(413, "PAYLOAD_TOO_LARGE", `request body is over ${config.maxBodyBytes} bytes`);
    }
    const refusedStream = req.method === "GET" ? refuseSubscription(req.url, endpoint, principal) : null;
    if (refusedStream) return refusedStream;
    return fetchRequestHandler({
      endpoint,
      req,
      router: appRouter,
      maxBatchSize: config.maxBatchSize,
      createContext: () => ({ ...config.context, principal }),
      responseMeta({ errors }) {
        const waits = errors.map((e) =>
          e.cause instanceof RateLimitedError ? e.cause.retryAfterSeconds : 0,
        );
        const wait = Math.max(0, ...waits);
        return wait > 0 ? { headers: new Headers({ "retry-after": String(wait) }) } : {};
      },
    });
  };
  return async (req: Request): Promise<Response> => {
    let principal: Principal | null;
    try {
      principal = await config.resolvePrincipal(req.headers);
    } catch (err) {
      config.context.log.error({ err }, "could not check the caller's session or API key");
      return refuse(503, "SERVICE_UNAVAILABLE", "sign-in check is unavailable, try again shortly");
    }
    if (!principal) {
      const refused = refusal(null, "session.me")!;
      return refuse(401, "UNAUTHORIZED", refused.message, UNAUTHENTICATED);
    }
    if (principal.via === "session" && isCrossSite(req, config.trustedOrigins)) {
      return refuse(
        403,
        "FORBIDDEN",
        "cross-site request refused: send it from the console, or with an API key",
      );
    }
    // A subscription holds its stream open for as long as the page is: it takes no place, and it
    // ends once its caller may no longer have it (a revoked key, a disabled user).
    if (req.method === "GET" && isSubscription(req.url, endpoint)) {
      const path = new URL(req.url).pathname.slice(endpoint.length + 1);
      const allowed = async () => {
        const now = await config.resolvePrincipal(req.headers).catch(() => principal); // not on a hiccup
        return now !== null && now.id === principal.id && refusal(now, path) === null;
      };
      return revocableStream(await handle(req, principal), allowed, config.recheckStreamsMs ?? 30_000);
    }
    if (!config.admission) return handle(req, principal);
    return admitted(config.admission, () => handle(req, principal), busy);
  };
}
