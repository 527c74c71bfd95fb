import { openApiDocument } from "@/server/openapi";

export const dynamic = "force-static";

/** The OpenAPI 3.1 document of /api/v1 (rendered at /api-docs). */
export function GET() {
  return Response.json(openApiDocument());
}
