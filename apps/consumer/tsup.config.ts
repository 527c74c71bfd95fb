import { defineConfig } from "tsup";

// One ESM bundle: workspace packages (TypeScript sources) are inlined, npm packages stay external
// (bundling `pg` or prisma's runtime breaks them).
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node24",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@tps\//],
  skipNodeModulesBundle: true,
  // @tps/worker from source (its `@tps/source` export condition), like every workspace package.
  esbuildOptions(options) {
    options.conditions = ["@tps/source"];
  },
});
