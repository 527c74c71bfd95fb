import { limitRefusalsByAddress } from "./address-limits";
import { apiAdmission } from "./api-admission";
import { services } from "./api-context";
import { env } from "./env";
import { trustedProxies } from "./rate-limits";
import { createRequestContext } from "./request-context";
import { withRequestLog } from "./request-log";
import { createRestHandler } from "./rest/rest-handler";

const log = () => services().log;

/**
 * REST creates one task per call (an input of at most 64 KiB as JSON, whose escapes may make it
 * a few times longer): a body over 1 MiB is no create, and capping it there bounds what a flood of
 * authenticated uploads can make the server hold. A batch (`POST /tasks/batch`) gets the tRPC
 * route's cap, as a createMany does there.
 */
const REST_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Requests that carry a key the server refuses too often from one address are answered 429 before
 * the key is checked (address-limits.ts): guessing keys learns nothing.
 */
const byAddress = (handler: (req: Request) => Promise<Response>) =>
  limitRefusalsByAddress(handler, { limiter: () => services().context.rateLimit, trust: trustedProxies });

/** `/api/trpc/*`, request-logged: the Next route and the dedicated API server both serve this. */
export const trpcRoute = withRequestLog(
  byAddress((req: Request) => services().trpc(req)),
  log,
);

/** REST + OpenAPI `/api/v1/*` (see /api/openapi.json): thin handlers over the tRPC procedures. */
export const restRoute = withRequestLog(
  byAddress(
    createRestHandler({
      createContext: createRequestContext,
      maxBodyBytes: Math.min(env.API_MAX_BODY_BYTES, REST_MAX_BODY_BYTES),
      maxBatchBodyBytes: env.API_MAX_BODY_BYTES,
      admission: apiAdmission,
    }),
  ),
  log,
);
