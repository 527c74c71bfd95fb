import { metricsResponse } from "@/server/metrics-endpoint";

export const dynamic = "force-dynamic";

export const GET = metricsResponse;
