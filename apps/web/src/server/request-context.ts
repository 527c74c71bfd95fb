import type { ApiContext } from "@tps/api";
import { services } from "./api-context";

/**
 * The context a request's procedures run with, shared by the REST routes (and meant for the tRPC
 * route too). It receives the request so the caller can be identified from its headers
 * (`Authorization: Bearer <api key>`, the session cookie) where authentication is wired.
 */
export async function createRequestContext(_req: Request): Promise<ApiContext> {
  return services().context;
}
