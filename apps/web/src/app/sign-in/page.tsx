import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default function SignInPage() {
  return (
    <main id="main" className="page sign-in-page">
      <SignInForm sso={!!(env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET)} />
    </main>
  );
}
