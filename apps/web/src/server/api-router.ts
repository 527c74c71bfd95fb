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
 * The API's paths, as the web app's routes serve them, dispatched without Next.js: the dedicated
 * API server (src/api-server) runs this on a plain Node HTTP server. Anything else is a 404.
 */
export function createApiRouter(routes: ApiRoutes): FetchHandler {
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
