import { describe, expect, it } from "vitest";
import config from "../next.config";

type Rule = { source: string; headers: { key: string; value: string }[] };

describe("next.config.ts security headers", () => {
  it("keeps framing, sniffing, referrer and permissions headers on every path", async () => {
    const rules = (await config.headers!()) as Rule[];
    const all = rules.find((r) => r.source === "/:path*")!;
    expect(Object.fromEntries(all.headers.map((h) => [h.key, h.value]))).toEqual({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    });
  });

  it("sets no page policy with inline scripts (the proxy sets the nonce policy), and locks API answers down", async () => {
    const rules = (await config.headers!()) as Rule[];
    const policies = rules.flatMap((r) =>
      r.headers
        .filter((h) => h.key.toLowerCase() === "content-security-policy")
        .map((h) => [r.source, h.value]),
    );
    expect(policies).toEqual([["/api/:path*", "default-src 'none'; frame-ancestors 'none'"]]);
  });
});
