import { apiAdmission } from "@/server/api-admission";
import { services } from "@/server/api-context";
import { env } from "@/server/env";
import { createRequestContext } from "@/server/request-context";
import { withRequestLog } from "@/server/request-log";
import { createRestHandler } from "@/server/rest/rest-handler";

export const dynamic = "force-dynamic";

/** REST + OpenAPI (see /api/openapi.json): thin handlers over the tRPC procedures. */
const handler = withRequestLog(
  createRestHandler({
    createContext: createRequestContext,
    maxBodyBytes: env.API_MAX_BODY_BYTES,
    admission: apiAdmission,
  }),
  () => services().log,
);

export { handler as GET, handler as POST };
