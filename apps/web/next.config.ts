import type { NextConfig } from "next";

const dev = process.env.NODE_ENV !== "production";

/**
 * Every page and route: no framing (clickjacking), no MIME sniffing, no referrer beyond the
 * origin, and a CSP without eval in production (Next's dev overlay needs eval and a websocket).
 * Inline scripts stay allowed: Next's app router hydrates through inline script tags.
 */
const CSP = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: CSP },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const config: NextConfig = {
  // Workspace packages ship TypeScript sources.
  transpilePackages: ["@tps/api", "@tps/db", "@tps/infra"],
  // Node libraries that must not be bundled (native sockets, worker threads, runtime files).
  serverExternalPackages: [
    "pg",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pino",
    "amqplib",
    "ioredis",
    "prom-client",
  ],
  // The Docker image runs the self-contained server; `npm start` uses `next start`, which refuses it.
  output: process.env.NEXT_STANDALONE === "1" ? "standalone" : undefined,
  poweredByHeader: false,
  headers: async () => [{ source: "/:path*", headers: SECURITY_HEADERS }],
  reactStrictMode: true,
};

export default config;
