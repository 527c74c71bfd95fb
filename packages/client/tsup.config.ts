import { defineConfig } from "tsup";

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
