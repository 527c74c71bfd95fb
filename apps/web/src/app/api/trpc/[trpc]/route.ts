import { appRouter } from "@tps/api";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { services } from "@/server/api-context";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => services().context,
  });

export { handler as GET, handler as POST };
