import { defineConfig } from "tsup";

// ESM for Node ≥ 20 and bundlers. The pure task rules from @tps/core are inlined; npm packages stay
// external (@trpc/client; @trpc/server only for tRPC's `observable` helper; the optional eventsource).
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  platform: "neutral",
  target: "es2022",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@tps\//],
  external: ["@trpc/client", "@trpc/server", "eventsource"],
  dts: {
    // One self-contained index.d.ts: mapping the workspace packages to their sources (rather than
    // through node_modules, which rollup-plugin-dts treats as external) makes it inline the router's
    // and the task types; @trpc/* stay imports. `npm run verify:pack` checks the result stands alone.
    compilerOptions: {
      baseUrl: "../..",
      paths: {
        "@tps/api": ["packages/api/src/index.ts"],
        "@tps/core": ["packages/core/src/index.ts"],
        "@tps/core/rules": ["packages/core/src/rules.ts"],
      },
    },
  },
});
