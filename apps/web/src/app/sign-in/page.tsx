import { isRole } from "@tps/api";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { services } from "@/server/api-context";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  // Already signed in (enabled, with a role): straight to the console (the same test as its layout).
  const session = await services().auth.api.getSession({ headers: await headers() });
  const user = session?.user as { role?: string | null; banned?: boolean | null } | undefined;
  if (user && !user.banned && isRole(user.role)) redirect("/");
  return (
    <main id="main" className="page sign-in-page">
      <SignInForm sso={!!(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)} />
    </main>
  );
}
