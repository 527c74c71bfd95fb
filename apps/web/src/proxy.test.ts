import { unstable_doesMiddlewareMatch as matches } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { contentSecurityPolicy, strictTransportSecurity } from "./security-headers";

const directive = (policy: string, name: string) =>
  policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

/** The proxy module as loaded with these settings (it reads them once, at load). */
async function loadProxy(env: { NODE_ENV: string; AUTH_URL?: string }) {
  vi.resetModules();
  vi.stubEnv("NODE_ENV", env.NODE_ENV);
  vi.stubEnv("AUTH_URL", env.AUTH_URL);
  return import("./proxy");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the pages' Content-Security-Policy", () => {
  it("allows scripts by nonce only in production: no 'unsafe-inline', no 'unsafe-eval'", () => {
    const script = directive(contentSecurityPolicy("abc123", false), "script-src");
    expect(script).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    const policy = contentSecurityPolicy("abc123", false);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(directive(policy, "connect-src")).toBe("connect-src 'self'");
  });

  it("gives Next's dev server eval and its websocket, still without inline scripts", () => {
    const policy = contentSecurityPolicy("abc123", true);
    expect(directive(policy, "script-src")).toBe(
      "script-src 'self' 'nonce-abc123' 'strict-dynamic' 'unsafe-eval'",
    );
    expect(directive(policy, "connect-src")).toBe("connect-src 'self' ws: wss:");
  });

  it("sets a fresh nonce per request on the response and on the request Next renders from", async () => {
    const { proxy } = await loadProxy({ NODE_ENV: "production" });
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = proxy(new NextRequest("http://127.0.0.1:3000/tasks"));
      const policy = response.headers.get("content-security-policy")!;
      const nonce = /'nonce-([A-Za-z0-9+/=]{22,})'/.exec(policy)?.[1];
      expect(nonce, policy).toBeDefined();
      nonces.add(nonce!);
      expect(directive(policy, "script-src")).not.toMatch(/unsafe-(inline|eval)/);
      // NextResponse.next({ request: { headers } }) hands Next the request's new headers this way.
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
    expect(nonces.size).toBe(3);
  });

  it("runs on pages, not on the API, built assets or prefetches", async () => {
    const { config } = await loadProxy({ NODE_ENV: "production" });
    for (const url of ["/", "/tasks/42", "/sign-in", "/api-docs", "/no-such-page", "/api"])
      expect(matches({ config, url }), url).toBe(true);
    for (const url of ["/api/trpc/tasks.list", "/api/health", "/api/metrics", "/_next/static/chunks/a.js"])
      expect(matches({ config, url }), url).toBe(false);
    expect(matches({ config, url: "/tasks", headers: { "next-router-prefetch": "1" } })).toBe(false);
  });
});

describe("Strict-Transport-Security", () => {
  it("is sent for two years, subdomains included, only when the public address is https", async () => {
    expect(strictTransportSecurity("https://tps.example.com")).toBe("max-age=63072000; includeSubDomains");
    for (const url of [undefined, "", "http://localhost:3000", "not a url"])
      expect(strictTransportSecurity(url), String(url)).toBeNull();
    const { proxy } = await loadProxy({ NODE_ENV: "production", AUTH_URL: "https://tps.example.com" });
    const response = proxy(new NextRequest("https://tps.example.com/"));
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});
