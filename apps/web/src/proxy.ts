import { type NextRequest, NextResponse, type ProxyConfig } from "next/server";
import { contentSecurityPolicy, createNonce, strictTransportSecurity } from "./security-headers";

const dev = process.env.NODE_ENV !== "production";
// The one setting the proxy needs, read directly: importing src/server/env.ts would bundle the
// database and broker drivers into the proxy. It is validated there at start-up all the same.
const hsts = strictTransportSecurity(process.env.AUTH_URL);

/**
 * Every page response gets a Content-Security-Policy with its own nonce. The policy goes on the
 * request too: Next reads the nonce from it while rendering and puts it on its own scripts (so
 * every page renders per request: the root layout is dynamic).
 */
export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(createNonce(), dev);
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

export const config: ProxyConfig = {
  matcher: [
    {
      // Pages only: not the API (next.config.ts gives it its own policy), built assets or the icon.
      source: "/((?!api/|_next/static/|_next/image|favicon\\.ico|icon\\.svg).*)",
      // Prefetches carry no HTML, so no script to allow.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
