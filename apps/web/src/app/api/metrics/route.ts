import { webMetrics } from "@/server/metrics";

export const dynamic = "force-dynamic";

export async function GET() {
  return new Response(await webMetrics.registry.metrics(), {
    headers: { "content-type": webMetrics.registry.contentType },
  });
}
