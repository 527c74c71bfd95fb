import { createServer, type Server } from "node:http";
import { metricsAllowed } from "@tps/infra";
import type { Registry, RegistryContentType } from "prom-client";

export interface HealthReport {
  ok: boolean;
  [key: string]: unknown;
}

/**
 * Serves `/metrics` (Prometheus or OpenMetrics text, as the registry says; with `metricsToken`, only
 * for `Authorization: Bearer <token>`), readiness on `/health/ready` and, as before, `/health`
 * (`{ status: "ok" | "degraded" }`, 503 when degraded: not consuming or PostgreSQL down; the whole
 * report only for a caller `/metrics` would answer), and liveness on `/health/live`: the event
 * loop answers. Liveness calls no dependency, so an outage of PostgreSQL or the broker never
 * restarts every consumer at once; they recover by themselves when it ends.
 */
export function startHttpServer(
  port: number,
  registry: Registry<RegistryContentType>,
  health: () => Promise<HealthReport>,
  metricsToken?: string,
) {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const reply = async () => {
      if (path === "/metrics" && !metricsAllowed(metricsToken, req.headers.authorization)) {
        res
          .writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" })
          .end("metrics need 'Authorization: Bearer <METRICS_TOKEN>'\n");
      } else if (path === "/metrics") {
        res.writeHead(200, { "content-type": registry.contentType }).end(await registry.metrics());
      } else if (path === "/health/live") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      } else if (path === "/health" || path === "/health/ready") {
        const report = await health();
        const status = report.ok ? "ok" : "degraded";
        // Probes call it without credentials: they get the status only. The report (dependency
        // errors, who paused processing and why) is for whoever may read the metrics.
        const details = metricsAllowed(metricsToken, req.headers.authorization);
        res
          .writeHead(report.ok ? 200 : 503, { "content-type": "application/json" })
          .end(JSON.stringify(details ? { status, ...report } : { status }));
      } else {
        res
          .writeHead(404, { "content-type": "text/plain" })
          .end("not found: try /metrics, /health/ready or /health/live\n");
      }
    };
    reply().catch((error: unknown) => {
      console.error("consumer http server:", error);
      res.writeHead(500, { "content-type": "text/plain" }).end("internal error\n");
    });
  });
  const listening = new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
  return {
    listening,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
