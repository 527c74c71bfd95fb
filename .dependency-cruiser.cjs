/**
 * The package boundaries of docs/architecture (README "Architecture"), checked by `npm run deps`
 * (part of `npm test`). Type-only imports are not counted: they vanish from the built code.
 */
const { readdirSync, readFileSync } = require("node:fs");
const { join, relative } = require("node:path");

const INFRASTRUCTURE = "(@prisma|@trpc|amqplib|ioredis|pg|pino|prom-client|next|react|react-dom)";
const notTests = "\\.(test|int\\.test)\\.tsx?$";

/** The plain rule shape most boundaries take: nothing matching `from` may import anything matching `to`. */
const forbid = (name, from, to) => ({ name, severity: "error", from: { path: from }, to: { path: to } });

/** Escapes a file path for use inside a regular expression. */
const literal = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The web app's client components: files whose first statement is the "use client" directive.
 * dependency-cruiser cannot read directives, so the list is gathered here, each time the rules load,
 * and the rule below starts from exactly these files (a new client component is covered unasked).
 */
function clientComponents() {
  const root = join(__dirname, "apps/web/src");
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && /^\s*["']use client["']/.test(readFileSync(path, "utf8")))
        found.push(relative(__dirname, path).split("\\").join("/"));
    }
  };
  walk(root);
  return found;
}

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
    forbid("core-imports-no-workspace-package", "^packages/core/src", "^(packages|apps|tools)/(?!core/)"),
    forbid("core-imports-no-infrastructure", "^packages/core/src", `node_modules/${INFRASTRUCTURE}/`),
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
    forbid("packages-never-import-apps", "^packages/", "^apps/"),
    {
      name: "api-is-trpc-only",
      comment:
        "@tps/api is the tRPC layer: HTTP servers, Next.js and the REST routes belong to apps/web (which calls the routers)",
      severity: "error",
      from: { path: "^packages/api/src" },
      to: { path: ["^(node:)?https?2?$", "node_modules/next/", "^apps/"] },
    },
    {
      name: "client-components-pull-no-server-code",
      comment:
        'files starting with "use client" run in the browser: no adapters, database, drivers, Node builtins or apps/web/src/server (type-only imports vanish and are not counted)',
      severity: "error",
      from: { path: clientComponents().map((file) => `^${literal(file)}$`) },
      to: {
        reachable: true,
        path: [
          "^packages/(infra|db)/",
          "node_modules/(@prisma/client|pg|amqplib|ioredis)/",
          "^apps/web/src/server/",
          // Node builtins are resolved to their bare name (fs, node:fs): no folder, no extension.
          "^(node:)?[a-z_/]+$",
        ],
      },
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
