import { type ApiContext, createCaller, type Principal } from "@tps/api";
import { TRPCError } from "@trpc/server";
import { openApiDocument } from "./openapi";

export interface OpenApiSources {
  /** The API's context without a caller (the web app's services). */
  context: Omit<ApiContext, "principal">;
  /** Who is calling, from the request's headers (API key or session cookie); null when nobody valid. */
  resolvePrincipal(headers: Headers): Promise<Principal | null>;
}

const refused = (error: unknown) =>
  error instanceof TRPCError && (error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN");

/**
 * `/api/openapi.json`: the document with each registered task type's schemas for a caller who may
 * list them (`taskTypes.list` through its procedure, so the access table decides: the console's
 * session or an API key); anyone else, or any caller while the database is unreachable, gets the
 * document without them (the generic `{ type, input }` create body).
 */
export function openApiHandler(sources: () => OpenApiSources) {
  return async (req: Request): Promise<Response> => {
    const { context, resolvePrincipal } = sources();
    const types = await resolvePrincipal(req.headers)
      .then((principal) => createCaller({ ...context, principal }).taskTypes.list())
      .catch((error: unknown) => {
        if (!refused(error))
          context.log.warn({ err: error }, "OpenAPI document served without the registered task types");
        return [];
      });
    // It differs by caller and changes as workers register types: never cached for someone else.
    return Response.json(openApiDocument(types), { headers: { "cache-control": "private, no-cache" } });
  };
}
