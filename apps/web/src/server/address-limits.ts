import { addressCaller, type RateLimiter } from "@tps/api";
import { clientAddress, type TrustProxy } from "./client-address";

type FetchHandler = (req: Request) => Promise<Response>;

export interface AddressLimitOptions {
  /** The shared limiter (absent: no limit). Called per request, so it may be created lazily. */
  limiter(): RateLimiter | undefined;
  trust: TrustProxy;
}

/**
 * Refused API keys per client address, around the API's HTTP handlers (tRPC and REST): every 401
 * to a request that sent `Authorization` counts against its address, and once the address has too
 * many (DEFAULT_REFUSALS: 30 in 10 minutes) its requests with `Authorization` are answered 429
 * before the key is looked at, valid or not: guessing keys learns nothing more until the window
 * ends. Requests without it (the console's session cookie, which cannot be guessed; pages before
 * sign-in) neither count nor wait, so a shared address does not lock its console users out.
 */
export function limitRefusalsByAddress(handler: FetchHandler, options: AddressLimitOptions): FetchHandler {
  return async (req) => {
    const limiter = options.limiter();
    if (!limiter || !req.headers.has("authorization")) return handler(req);
    const caller = addressCaller(clientAddress(req.headers, options.trust));
    const wait = await limiter.refusedWait(caller);
    if (wait > 0) return tooMany(req, wait);
    const response = await handler(req);
    if (response.status === 401) await limiter.refused(caller);
    return response;
  };
}

/** A 429 in the shape of the endpoint asked: REST's, or tRPC's (JSON-RPC code -32029). */
function tooMany(req: Request, seconds: number): Response {
  const message = `too many refused requests from this address, retry in ${seconds} s`;
  const headers = { "retry-after": String(seconds) };
  const rest = new URL(req.url).pathname.startsWith("/api/v1");
  const body = rest
    ? { error: { code: "TOO_MANY_REQUESTS", message } }
    : {
        error: {
          message,
          code: -32029,
          data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, retryAfter: seconds },
        },
      };
  return Response.json(body, { status: 429, headers });
}
