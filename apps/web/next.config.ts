import type { NextConfig } from "next";
import { API_CONTENT_SECURITY_POLICY } from "./src/security-headers";

/**
 * Every page and route: no framing (clickjacking), no MIME sniffing, no referrer beyond the origin.
 * The Content-Security-Policy of pages carries a nonce per response, so src/proxy.ts sets it (with
 * Strict-Transport-Security, which depends on the deployment's AUTH_URL, read at run time; these
 * headers are fixed at build time). API answers get a policy that lets nothing load.
 */
const SECURITY_HEADERS = [
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
  headers: async () => [
    { source: "/:path*", headers: SECURITY_HEADERS },
    {
      source: "/api/:path*",
      headers: [{ key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }],
    },
  ],
  reactStrictMode: true,
};

export default config;
