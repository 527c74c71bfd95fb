import { services } from "@/server/api-context";

export const dynamic = "force-dynamic";

const handler = (req: Request) => services().trpc(req);

export { handler as GET, handler as POST };
