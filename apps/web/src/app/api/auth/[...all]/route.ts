import { services } from "@/server/api-context";

export const dynamic = "force-dynamic";

/** better-auth's endpoints: sign-in, sign-out, session, SSO callbacks. */
const handler = (req: Request) => services().auth.handler(req);

export { handler as GET, handler as POST };
