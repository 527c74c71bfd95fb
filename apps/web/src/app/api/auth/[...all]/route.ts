import { createLimitStore } from "@tps/api";
import { services } from "@/server/api-context";
import { createSignInGuard } from "@/server/auth/sign-in-guard";
import { signInRules, trustedProxies } from "@/server/rate-limits";

export const dynamic = "force-dynamic";

let guard: ReturnType<typeof createSignInGuard> | undefined;

/**
 * better-auth's endpoints: sign-in, sign-out, session, SSO callbacks. Email + password sign-ins go
 * through the sign-in guard first (limits per account and per address, audited).
 */
const handler = (req: Request) => {
  const { auth, context, log } = services();
  guard ??= createSignInGuard({
    store: context.rateLimit?.store ?? createLimitStore({ log }),
    audit: context.audit,
    trust: trustedProxies,
    ...signInRules,
    log,
  });
  return guard(req, (r) => auth.handler(r));
};

export { handler as GET, handler as POST };
