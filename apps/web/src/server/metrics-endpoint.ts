import { metricsAllowed } from "@tps/infra";
import { env } from "./env";
import { webMetrics } from "./metrics";

/** Prometheus text; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export async function metricsResponse(req: Request): Promise<Response> {
  if (!metricsAllowed(env.METRICS_TOKEN, req.headers.get("authorization"))) {
    return new Response("metrics need 'Authorization: Bearer <METRICS_TOKEN>'\n", {
      status: 401,
      headers: { "www-authenticate": "Bearer" },
    });
  }
  return new Response(await webMetrics.registry.metrics(), {
    headers: { "content-type": webMetrics.registry.contentType },
  });
}
