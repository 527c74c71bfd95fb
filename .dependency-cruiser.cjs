/**
 * The package boundaries of docs/architecture (README "Architecture"), checked by `npm run deps`
 * (part of `npm test`). Type-only imports are not counted: they vanish from the built code.
 */
const INFRASTRUCTURE = "(@prisma|@trpc|amqplib|ioredis|pg|pino|prom-client|next|react|react-dom)";
const notTests = "\\.(test|int\\.test)\\.tsx?$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-is-pure",
      comment: "@tps/core is the domain, ports and use cases: zod, croner and nothing of the infrastructure",
      severity: "error",
      from: { path: "^packages/core/src", pathNot: [notTests, "^packages/core/src/testing/"] },
      // croner: pure computation of cron ticks (no timers are started: schedules are paused patterns).
      to: {
        pathNot: ["^packages/core/src", "node_modules/zod/", "node_modules/croner/"],
        dependencyTypesNot: ["core"],
      },
    },
    {
      name: "core-imports-no-workspace-package",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { path: "^(packages|apps|tools)/(?!core/)" },
    },
    {
      name: "core-imports-no-infrastructure",
      severity: "error",
      from: { path: "^packages/core/src" },
      to: { path: `node_modules/${INFRASTRUCTURE}/` },
    },
    {
      name: "apps-never-import-each-other",
      severity: "error",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/([^/]+)/", pathNot: "^apps/$1/" },
    },
    {
      name: "client-pulls-no-server-code",
      comment: "@tps/api/client: @trpc/client and type-only imports of the router",
      severity: "error",
      from: { path: "^packages/api/src/client\\.ts$" },
      to: {
        reachable: true,
        path: [
          "^packages/(api/src/trpc|infra|db)/",
          "node_modules/@trpc/server/",
          "^packages/core/src/use-cases/",
        ],
      },
    },
    {
      name: "published-client-pulls-no-server-code",
      comment:
        "@tps/client runs in other services: @trpc/client, tRPC's observable helper (how custom links are written) and the pure task rules",
      severity: "error",
      from: { path: "^packages/client/src", pathNot: notTests },
      to: {
        reachable: true,
        path: [
          "^packages/(api|infra|db|worker)/",
          "node_modules/@trpc/server/",
          "^packages/core/src/(use-cases|testing)/",
        ],
        pathNot: ["node_modules/@trpc/server/dist/observable/"],
      },
    },
    {
      name: "consumer-worker-and-infra-never-depend-on-the-api",
      comment:
        "the tRPC layer is the web's edge; the worker SDK, the consumer and the adapters work on the core alone",
      severity: "error",
      from: { path: "^(apps/consumer|packages/infra|packages/worker)/src", pathNot: notTests },
      to: { path: ["^packages/api/", "node_modules/@trpc/"] },
    },
    {
      name: "packages-never-import-apps",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^(packages|apps)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Build output of our own workspaces only: npm packages ship their code in dist/ folders too.
    exclude: { path: ["/src/generated/", "^(apps|packages|tools)/[^/]+/(dist|\\.next)/"] },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.deps.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      // `@tps/source` first: a workspace package that publishes a build (@tps/worker) is cruised from source.
      conditionNames: ["@tps/source", "import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".json"],
    },
  },
};
