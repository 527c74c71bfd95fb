import { services } from "@/server/api-context";
import { withRequestLog } from "@/server/request-log";

export const dynamic = "force-dynamic";

const handler = withRequestLog(
  (req: Request) => services().trpc(req),
  () => services().log,
);

export { handler as GET, handler as POST };
