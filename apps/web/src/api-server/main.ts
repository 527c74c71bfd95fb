/**
 * The API without Next.js: tRPC (`/api/trpc`), REST (`/api/v1`), `/api/health` (readiness),
 * `/api/health/live` (liveness) and `/api/metrics`
 * on a plain Node HTTP server, with the same handlers, sign-in checks, admission, request logs and
 * metrics as the web app's routes. Services call it on API_PORT; the console keeps using the web
 * app's own routes. `npm start` runs it when API_PORT is set (see README, "Single creates").
 * API_WORKERS > 1 runs that many processes on the same port (see cluster.ts).
 */
import { serve } from "@hono/node-server";
import { createLogger } from "@tps/infra";
import { services } from "../server/api-context";
import { createApiRouter } from "../server/api-router";
import { restRoute, trpcRoute } from "../server/api-routes";
import { withPeerAddress } from "../server/client-address";
import { env } from "../server/env";
import { healthResponse, livenessResponse } from "../server/health";
import { webMetrics } from "../server/metrics";
import { metricsEndpoint, metricsResponse } from "../server/metrics-endpoint";
import { startWebTelemetry } from "../server/telemetry";
import { clusterMetrics, inClusterWorker, runClusterPrimary, shareMetrics } from "./cluster";

if (env.API_WORKERS > 1 && !inClusterWorker()) {
  runClusterPrimary(env.API_WORKERS, createLogger("api", env.LOG_LEVEL));
} else {
  serveApi();
}

function serveApi() {
  startWebTelemetry();
  const { log } = services();
  if (inClusterWorker()) shareMetrics(webMetrics.registry);
  const route = createApiRouter({
    trpc: trpcRoute,
    rest: restRoute,
    health: healthResponse,
    metrics: inClusterWorker() ? metricsEndpoint(clusterMetrics) : metricsResponse,
  });
  // Liveness answers before any routing or dependency: the process is up.
  const handle = (req: Request) =>
    req.method === "GET" && new URL(req.url).pathname === "/api/health/live"
      ? Promise.resolve(livenessResponse())
      : route(req);

  const port = env.API_PORT ?? 3001;
  // The socket peer goes to the end of X-Forwarded-For: client addresses (rate limits) are read from
  // there, and only trusted proxies (TRUSTED_PROXIES) hand over to the entries on their left.
  const server = serve({ fetch: withPeerAddress(handle), port, hostname: env.API_HOST }, (info) =>
    log.info({ port: info.port }, "API server listening"),
  );

  let stopping = false;
  function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "API server stopping");
    // Finish the requests in flight, then close the connections to PostgreSQL, RabbitMQ and Redis.
    server.close(() => {
      void services()
        .close()
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
