import { appRouter } from "@tps/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { services } from "@/server/api-context";
import { withRequestLog } from "@/server/request-log";

export const dynamic = "force-dynamic";

const handler = withRequestLog(
  (req: Request) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      req,
      router: appRouter,
      createContext: () => services().context,
    }),
  () => services().log,
);

export { handler as GET, handler as POST };
