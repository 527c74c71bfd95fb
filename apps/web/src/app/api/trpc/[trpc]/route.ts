import { trpcRoute } from "@/server/api-routes";

export const dynamic = "force-dynamic";

export { trpcRoute as GET, trpcRoute as POST };
