import { restRoute } from "@/server/api-routes";

export const dynamic = "force-dynamic";

export { restRoute as DELETE, restRoute as GET, restRoute as PATCH, restRoute as POST };
