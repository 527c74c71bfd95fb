import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { expandArgs, readDockerfile } from "./dockerfile";
import { hasBinary, REPO_ROOT, readRepoFile, repoPath } from "./repo";

const { globalArgs, stages } = readDockerfile();
const stage = (name: string) => stages.find((s) => s.name === name)!;
const runs = (name: string) =>
  stage(name)
    .instructions.filter((i) => i.keyword === "RUN")
    .map((i) => i.args);
/** The Node major the repository runs on (.nvmrc); the image and CI must agree with it. */
const NODE_MAJOR = readRepoFile(".nvmrc").trim();

describe("Dockerfile", () => {
  it("is multi-stage on node images of the .nvmrc major, ending in the runtime stage", () => {
    expect(NODE_MAJOR).toMatch(/^\d+$/);
    expect(Number(NODE_MAJOR)).toBeGreaterThanOrEqual(24);
    expect(stages.map((s) => s.name)).toEqual(["base", "prune", "build", "prod-deps", "runtime"]);
    for (const s of stages) {
      const image = expandArgs(s.from, globalArgs);
      const known = stages.some((other) => other.name === image);
      expect(
        known || image.startsWith(`node:${NODE_MAJOR}-`) || image.startsWith(`node:${NODE_MAJOR}.`),
        `${s.name} FROM ${image}`,
      ).toBe(true);
    }
    // The runtime starts from the slim base, not from a stage carrying build tools or dev deps.
    expect(stage("runtime").from).toBe("base");
    expect(expandArgs(stage("base").from, globalArgs)).toMatch(new RegExp(`^node:${NODE_MAJOR}-\\w+-slim$`));
    // The npm the repository pins (package.json packageManager), not whichever npm the image brings.
    const root = JSON.parse(readRepoFile("package.json")) as {
      packageManager: string;
      devDependencies: Record<string, string>;
    };
    expect(`npm@${globalArgs.get("NPM_VERSION")}`).toBe(root.packageManager);
    expect(globalArgs.get("TURBO_VERSION")).toBe(root.devDependencies.turbo);
  });

  it("CI installs the same Node major when its machine's node is older", () => {
    const pinned = /^NODE_VERSION=(\d+)\.\d+\.\d+$/m.exec(readRepoFile(".ci/run"))?.[1];
    expect(pinned).toBe(NODE_MAJOR);
  });

  it("turns off turbo's and Next's telemetry in every stage (set in the base stage they all start from)", () => {
    const env = stage("base")
      .instructions.filter((i) => i.keyword === "ENV")
      .map((i) => i.args)
      .join(" ");
    expect(env).toMatch(/\bTURBO_TELEMETRY_DISABLED=1\b/);
    expect(env).toMatch(/\bNEXT_TELEMETRY_DISABLED=1\b/);
    for (const s of stages.filter((other) => other.name !== "base")) expect(s.from).toBe("base");
  });

  it("copies only from stages defined earlier", () => {
    stages.forEach((s, index) => {
      for (const copy of s.instructions.filter((i) => i.keyword === "COPY")) {
        const from = /--from=(\S+)/.exec(copy.args)?.[1];
        if (!from) continue;
        const source = stages.findIndex((other) => other.name === from);
        expect(source, `${s.name}: COPY --from=${from}`).toBeGreaterThanOrEqual(0);
        expect(source).toBeLessThan(index);
      }
    });
  });

  it("prunes to the workspaces the image serves, installs from the lockfile and builds them", () => {
    const prune = runs("prune").find((r) => r.startsWith("turbo prune"))!;
    for (const workspace of ["@tps/web", "@tps/consumer"]) expect(prune).toContain(workspace);
    expect(runs("build").some((r) => r.includes("npm ci"))).toBe(true);
    const build = runs("build").find((r) => r.includes("turbo run build"))!;
    expect(build).toContain("NEXT_STANDALONE=1");
    expect(build).toContain("--filter=@tps/web");
    expect(build).toContain("--filter=@tps/consumer");
  });

  it("generates the Prisma client during the build (turbo's build depends on db:generate)", () => {
    const turbo = JSON.parse(readRepoFile("turbo.json")) as { tasks: { build: { dependsOn: string[] } } };
    expect(turbo.tasks.build.dependsOn).toEqual(expect.arrayContaining(["^db:generate"]));
    const db = JSON.parse(readRepoFile("packages/db/package.json")) as { scripts: Record<string, string> };
    expect(db.scripts["db:generate"]).toContain("prisma generate");
  });

  it("keeps the migration tooling in the runtime dependencies", () => {
    const prodDeps = runs("prod-deps").join("\n");
    expect(prodDeps).toContain("npm ci --omit=dev");
    expect(prodDeps).toContain("--workspace=@tps/db");
    const db = JSON.parse(readRepoFile("packages/db/package.json")) as {
      dependencies: Record<string, string>;
    };
    // The migrate service runs the Prisma CLI with the adapter from prisma.config.ts.
    for (const name of ["prisma", "pg-adapter-migrate", "pg"]) {
      expect(db.dependencies, `${name} must be a runtime dependency of @tps/db`).toHaveProperty(name);
    }
  });

  it("runs as the unprivileged node user with a default command", () => {
    const runtime = stage("runtime").instructions;
    const user = runtime.filter((i) => i.keyword === "USER").at(-1);
    expect(user?.args).toBe("node");
    expect(runtime.at(-1)!.keyword).toBe("CMD");
    for (const copy of runtime.filter((i) => i.keyword === "COPY")) {
      expect(copy.args, `line ${copy.line}`).toContain("--chown=node:node");
    }
  });

  it("ships the Next standalone server with its static files, the consumer bundle and migrations", () => {
    const copies = stage("runtime")
      .instructions.filter((i) => i.keyword === "COPY")
      .map((i) => i.args);
    const has = (fragment: string) => copies.some((c) => c.includes(fragment));
    expect(has("/app/apps/web/.next/standalone ./web")).toBe(true);
    expect(has("/app/apps/web/.next/static ./web/apps/web/.next/static")).toBe(true);
    expect(has("/app/apps/consumer/dist ./apps/consumer/dist")).toBe(true);
    expect(has("/app/packages/db/prisma ./packages/db/prisma")).toBe(true);
    expect(has("/app/packages/db/scripts ./packages/db/scripts")).toBe(true);
    expect(has("prisma.config.ts")).toBe(true);
  });

  it("ships the API server's bundle with the files it loads, in a tree of its own", () => {
    // The bundle (apps/web/tsup.config.ts) keeps npm packages external: the build stage copies it and
    // what it loads into /out/api (copy-traced-files.mjs), and the runtime stage takes that tree whole.
    const build = stage("build").instructions;
    const script = "tools/ops/src/copy-traced-files.mjs";
    expect(existsSync(repoPath(script))).toBe(true);
    const copyScript = build.findIndex((i) => i.keyword === "COPY" && i.args.startsWith(`${script} `));
    const trace = build.findIndex((i) => i.keyword === "RUN" && i.args.includes("copy-traced-files.mjs"));
    const turboBuild = build.findIndex((i) => i.keyword === "RUN" && i.args.includes("turbo run build"));
    expect(copyScript).toBeGreaterThan(-1);
    expect(trace).toBeGreaterThan(Math.max(copyScript, turboBuild));
    expect(build[trace]!.args).toMatch(/copy-traced-files\.mjs apps\/web\/dist\/api-server\.js \/out\/api$/);
    const tsup = readRepoFile("apps/web/tsup.config.ts");
    expect(tsup).toContain('"api-server": "src/api-server/main.ts"');
    expect(tsup).toContain('outDir: "dist"');
    const copies = stage("runtime")
      .instructions.filter((i) => i.keyword === "COPY")
      .map((i) => i.args);
    expect(copies).toContain("--from=build --chown=node:node /out/api ./api");
  });

  it("keeps host build output and dependencies out of the build context", () => {
    const ignored = readRepoFile(".dockerignore")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    for (const pattern of ["**/node_modules", "**/.next", "**/dist", "**/.turbo", ".git", ".env"]) {
      expect(ignored).toContain(pattern);
    }
    // What the build needs must not be ignored.
    for (const needed of ["package-lock.json", "tsconfig.base.json", "turbo.json", "packages", "apps"]) {
      expect(ignored).not.toContain(needed);
      expect(existsSync(repoPath(needed))).toBe(true);
    }
  });

  it.skipIf(!hasBinary("hadolint"))("passes hadolint (skipped when hadolint is not installed)", () => {
    const result = spawnSync("hadolint", ["Dockerfile"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
