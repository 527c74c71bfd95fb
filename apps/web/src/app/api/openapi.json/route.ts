import { services } from "@/server/api-context";
import { openApiHandler } from "@/server/openapi-response";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document of /api/v1 (rendered at /api-docs), with the registered task types' schemas. */
export const GET = openApiHandler(() => {
  const { context, principals } = services();
  return { context, resolvePrincipal: (headers) => principals.resolve(headers) };
});
