import { restRoute } from "@/server/api-routes";

export const dynamic = "force-dynamic";

export { restRoute as GET, restRoute as POST };
