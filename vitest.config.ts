import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/** Workspace packages that publish a build (@tps/worker) are read from source here (their `@tps/source` export). */
const SOURCE = "@tps/source";

// Two projects: `unit` (pure logic and use cases, in-memory ports) and `integration` (real
// PostgreSQL, RabbitMQ and Redis on this machine; each test file gets its own database, queue and
// Redis prefix). Files named *.int.test.ts are integration tests.
export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions.filter((c) => c !== "module")] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "tools/*/src/**/*.test.ts"],
          // *.fault.test.ts: the fault-injection scenarios, run by `npm run test:faults` only.
          exclude: ["**/*.int.test.ts", "**/*.fault.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: [
            "packages/*/src/**/*.int.test.ts",
            "apps/*/src/**/*.int.test.ts",
            "tools/*/src/**/*.int.test.ts",
          ],
          exclude: ["**/node_modules/**"],
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
