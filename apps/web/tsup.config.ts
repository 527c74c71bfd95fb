import { defineConfig } from "tsup";

// The dedicated API server (src/api-server) as one ESM bundle: the web app's server modules and the
// workspace packages (TypeScript sources, `@/` paths) are inlined, npm packages stay external, as
// in the consumer's build.
export default defineConfig({
  entry: { "api-server": "src/api-server/main.ts" },
  format: ["esm"],
  platform: "node",
  target: "node24",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@tps\//, /^@\//],
  skipNodeModulesBundle: true,
});
