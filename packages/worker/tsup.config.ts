import { defineConfig } from "tsup";

// One ESM bundle for Node: the workspace packages it is built on (@tps/core, @tps/infra, @tps/db with
// its generated Prisma client) are inlined from source; npm packages stay external and are declared
// in package.json (zod as a peer: definitions and the worker must share one zod). The declarations
// are one self-contained index.d.ts of the public API, which imports zod and prom-client only.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  outDir: "dist",
  clean: true,
  // No source map: it would point into src/, which the package does not ship.
  sourcemap: false,
  noExternal: [/^@tps\//],
  skipNodeModulesBundle: true,
  esbuildOptions(options) {
    options.conditions = ["@tps/source"];
  },
  dts: {
    compilerOptions: { customConditions: ["@tps/source"] },
  },
});
