import type { ApiContext } from "@tps/api";
import { TRPCError } from "@trpc/server";
import { origins, services } from "./api-context";
import { isCrossSite } from "./trpc-handler";

/**
 * The context a REST request's procedures run with: the caller identified from its headers
 * (`Authorization: Bearer <api key>`, or the console's session cookie) exactly as the tRPC route
 * does, and the same cross-site refusal for cookie-authenticated POSTs.
 */
export async function createRequestContext(req: Request): Promise<ApiContext> {
  const { context, principals, baseURL } = services();
  if (isCrossSite(req, [baseURL, ...origins().trustedOrigins])) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "cross-site request refused: send it from the console, or with an API key",
    });
  }
  try {
    return { ...context, principal: await principals.resolve(req.headers) };
  } catch (cause) {
    context.log.error({ err: cause }, "could not check the caller's session or API key");
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "sign-in check is unavailable, try again shortly",
      cause,
    });
  }
}
