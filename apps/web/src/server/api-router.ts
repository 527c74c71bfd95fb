export type FetchHandler = (req: Request) => Promise<Response>;

export interface ApiRoutes {
  /** `/api/trpc/*` */
  trpc: FetchHandler;
  /** `/api/v1/*` */
  rest: FetchHandler;
  /** `/api/health` */
  health: FetchHandler;
  /** `/api/metrics` */
  metrics: FetchHandler;
}

/**
 * What next.config.ts sends with every page and route, for answers that are never pages: nothing
 * may load, frame or sniff them.
 */
const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function withSecurityHeaders(response: Response): Response {
  const set = (r: Response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) r.headers.set(name, value);
    return r;
  };
  try {
    return set(response);
  } catch {
    // A fetched response's headers are immutable: answer with a copy (the body streams through).
    return set(new Response(response.body, response));
  }
}

/**
 * The API's paths, as the web app's routes serve them, dispatched without Next.js: the dedicated
 * API server (src/api-server) runs this on a plain Node HTTP server. Anything else is a 404. Every
 * answer carries the web's security headers.
 */
export function createApiRouter(routes: ApiRoutes): FetchHandler {
  const dispatch = dispatcher(routes);
  return async (req) => withSecurityHeaders(await dispatch(req));
}

function dispatcher(routes: ApiRoutes): FetchHandler {
  return async (req) => {
    const path = new URL(req.url).pathname;
    if (path.startsWith("/api/trpc/")) return routes.trpc(req);
    if (path === "/api/v1" || path.startsWith("/api/v1/")) return routes.rest(req);
    if (path === "/api/health" && req.method === "GET") return routes.health(req);
    if (path === "/api/metrics" && req.method === "GET") return routes.metrics(req);
    return Response.json(
      { error: { code: "NOT_FOUND", message: `no endpoint ${req.method} ${path} on the API server` } },
      { status: 404 },
    );
  };
}
