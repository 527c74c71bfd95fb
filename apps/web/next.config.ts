import type { NextConfig } from "next";

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
  reactStrictMode: true,
};

export default config;
