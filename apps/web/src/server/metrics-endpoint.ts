import { metricsAllowed } from "@tps/infra";
import { services } from "./api-context";
import { env } from "./env";
import { webMetrics } from "./metrics";
import { registerTaskTypeGauges } from "./metrics-task-types";

// The task-type gauges, once per process (Next may load this module in several route bundles):
// read from the database at scrape time, so every web and API server process reports them.
const holder = globalThis as typeof globalThis & { __tpsTaskTypeGauges?: boolean };
if (!holder.__tpsTaskTypeGauges) {
  holder.__tpsTaskTypeGauges = true;
  registerTaskTypeGauges(webMetrics.registry, {
    list: () => services().context.types.list(),
    onError: (err) => services().log.warn({ err }, "task type gauges: could not read the registered types"),
  });
}

interface Exposition {
  text: string;
  contentType: string;
}

const ownMetrics = async (): Promise<Exposition> => ({
  text: await webMetrics.registry.metrics(),
  contentType: webMetrics.registry.contentType,
});

/**
 * The /api/metrics handler over a source of metrics (this process's registry by default; the API
 * server's cluster sums its workers'). With METRICS_TOKEN set, only for `Authorization: Bearer <token>`.
 */
export function metricsEndpoint(read: () => Promise<Exposition | null> = ownMetrics) {
  return async (req: Request): Promise<Response> => {
    if (!metricsAllowed(env.METRICS_TOKEN, req.headers.get("authorization"))) {
      return new Response("metrics need 'Authorization: Bearer <METRICS_TOKEN>'\n", {
        status: 401,
        headers: { "www-authenticate": "Bearer" },
      });
    }
    const { text, contentType } = (await read()) ?? (await ownMetrics());
    return new Response(text, { headers: { "content-type": contentType } });
  };
}

/** Prometheus text of this process. */
export const metricsResponse = metricsEndpoint();
