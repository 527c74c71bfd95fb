import { apiAdmission } from "./api-admission";
import { services } from "./api-context";
import { env } from "./env";
import { createRequestContext } from "./request-context";
import { withRequestLog } from "./request-log";
import { createRestHandler } from "./rest/rest-handler";

const log = () => services().log;

/** `/api/trpc/*`, request-logged: the Next route and the dedicated API server both serve this. */
export const trpcRoute = withRequestLog((req: Request) => services().trpc(req), log);

/** REST + OpenAPI `/api/v1/*` (see /api/openapi.json): thin handlers over the tRPC procedures. */
export const restRoute = withRequestLog(
  createRestHandler({
    createContext: createRequestContext,
    maxBodyBytes: env.API_MAX_BODY_BYTES,
    admission: apiAdmission,
  }),
  log,
);
