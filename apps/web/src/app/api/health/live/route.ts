import { livenessResponse } from "@/server/health";

export const dynamic = "force-dynamic";

export const GET = livenessResponse;
