import { type ApiContext, type Principal, refusal } from "@tps/api";
import { TRPCError } from "@trpc/server";
import { origins, services } from "./api-context";
import { isCrossSite } from "./trpc-handler";

/**
 * The context a REST request's procedures run with: the caller identified from its headers
 * (`Authorization: Bearer <api key>`, or the console's session cookie) exactly as the tRPC route
 * does. Refused here, before the body is read: no caller (401), and a cookie-signed POST from
 * another site (403).
 */
export async function createRequestContext(req: Request): Promise<ApiContext> {
  const { context, principals, baseURL } = services();
  let principal: Principal | null;
  try {
    principal = await principals.resolve(req.headers);
  } catch (cause) {
    context.log.error({ err: cause }, "could not check the caller's session or API key");
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "sign-in check is unavailable, try again shortly",
      cause,
    });
  }
  if (!principal) throw refusal(null, "session.me")!;
  if (principal.via === "session" && isCrossSite(req, [baseURL, ...origins().trustedOrigins])) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "cross-site request refused: send it from the console, or with an API key",
    });
  }
  return { ...context, principal };
}
