/**
 * The API without Next.js: tRPC (`/api/trpc`), REST (`/api/v1`), `/api/health` and `/api/metrics`
 * on a plain Node HTTP server, with the same handlers, sign-in checks, admission, request logs and
 * metrics as the web app's routes. Services call it on API_PORT; the console keeps using the web
 * app's own routes. `npm start` runs it when API_PORT is set (see README, "Single creates").
 */
import { serve } from "@hono/node-server";
import { apiAdmission } from "../server/api-admission";
import { services } from "../server/api-context";
import { createApiRouter } from "../server/api-router";
import { env } from "../server/env";
import { healthResponse } from "../server/health";
import { metricsResponse } from "../server/metrics-endpoint";
import { createRequestContext } from "../server/request-context";
import { withRequestLog } from "../server/request-log";
import { createRestHandler } from "../server/rest/rest-handler";
import { startWebTelemetry } from "../server/telemetry";

startWebTelemetry();
const { log } = services();
const logger = () => log;
const handle = createApiRouter({
  trpc: withRequestLog((req) => services().trpc(req), logger),
  rest: withRequestLog(
    createRestHandler({
      createContext: createRequestContext,
      maxBodyBytes: env.API_MAX_BODY_BYTES,
      admission: apiAdmission,
    }),
    logger,
  ),
  health: healthResponse,
  metrics: metricsResponse,
});

const port = env.API_PORT ?? 3001;
const server = serve({ fetch: handle, port, hostname: env.API_HOST }, (info) =>
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
