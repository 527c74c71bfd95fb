import { PrismaPg } from "pg-adapter-migrate";
import { defineConfig } from "prisma/config";

// Prisma's native engines cannot be downloaded everywhere we run (CI has only the npm registry),
// so the CLI uses the JavaScript schema engine with a pg driver adapter. adapter-pg 7 is used for the
// CLI only: 6.19's adapter fails `migrate deploy` (prisma/orm#27403).
// The CLI also needs a non-empty DATABASE_URL for `generate`, or it tries to download an engine.
const url = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/tps";
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () =>
    new PrismaPg({ connectionString: url, idleTimeoutMillis: 50, connectionTimeoutMillis: 5000 }),
});
