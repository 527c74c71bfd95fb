import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The fault-injection scenarios (`npm run test:faults`): real web and consumer processes behind
// fault proxies, one scenario at a time (2-core machines). Kept out of the default `unit` and
// `integration` projects so the normal suite stays fast; the unit tests of the proxy and the
// checker run in `unit`.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    name: "faults",
    include: ["tools/faults/src/**/*.fault.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
